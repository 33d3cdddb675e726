"""A small typed tracker client: checked with ``mypy --strict`` against the stubs
(``mpcvd/_mpcvd.pyi``), and run by test_typed_client.py."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import mpcvd

Effect = dict[str, Any]


def open_case(start: datetime) -> mpcvd.Case:
    policy: mpcvd.Policy = mpcvd.Policy.preset("cert-cc")
    return mpcvd.Case(
        "VU#typed",
        policy,
        start,
        participants=[
            {"id": "cert", "name": "CERT/CC", "roles": ["coordinator"]},
            {"id": "fay", "name": "Fay", "roles": ["finder", "reporter"]},
            {"id": "acme", "name": "Acme", "roles": ["vendor"]},
        ],
    )


def act(actor: str, action: str, **fields: Any) -> dict[str, Any]:
    return {"input": "act", "actor": actor, "action": {"action": action, **fields}}


def outbox(effects: list[Effect]) -> list[str]:
    """The messages to send, as `TYPE from -> to`."""
    lines: list[str] = []
    for effect in effects:
        if effect["effect"] == "send":
            sender = effect["from"].get("participant", "case")
            lines.append(f"{effect['type']} {sender} -> {', '.join(effect['to'])}")
    return lines


def run() -> list[str]:
    start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    case = open_case(start)
    log: list[str] = []
    log += outbox(case.handle(act("fay", "submit", to="cert", report={"title": "bug"}), start))
    log += outbox(case.handle(act("cert", "validate"), start + timedelta(hours=1)))
    try:
        case.handle(act("cert", "publish"), start + timedelta(hours=2))
    except mpcvd.PolicyDenied as denied:
        rule: str = denied.rule
        allowed: list[str] = denied.allowed
        log.append(f"denied {rule}; {len(allowed)} actions allowed")
    except mpcvd.Refused as refused:
        state: dict[str, str] | None = refused.state
        log.append(f"refused {refused.rule} in {state}")
    readiness: mpcvd.Readiness = case.publication_readiness()
    log.append(f"ready: {readiness.ready}")
    deadline: datetime | None = case.next_deadline_at()
    log.append(f"next deadline: {deadline}")
    stored: str = case.to_json()
    assert mpcvd.Case.from_json(stored) == case

    report: mpcvd.Report = mpcvd.check(
        '{"case": "VU#t", "start": "2026-01-01T00:00:00Z", "participants": '
        '[{"id": "fay", "name": "fay", "roles": ["finder", "reporter"]}], "steps": []}'
    )
    log.append(f"verdict: {report.verdict}")
    exchanges: list[mpcvd.ExchangeReport] = mpcvd.check_as2(
        [], policy="vultron-live", roles={"fay": ["finder", "reporter"]}
    )
    for exchange in exchanges:
        lines: list[int] = [d["line"] for d in exchange.deviations]
        log.append(f"{exchange.name}: {exchange.conforms} {exchange.steps} {lines}")

    model = mpcvd.Model.standard()
    baselines: dict[str, Fraction] = dict(model.baselines())
    log.append(f"D<A: {baselines['D<A']}")
    rows: list[mpcvd.SkillRow] = model.skill_from_histories(["VFDPXA"])
    alpha: Fraction | None = rows[0].alpha
    log.append(f"alpha {rows[0].name}: {alpha}")
    found: mpcvd.Exploration = mpcvd.explore([["finder", "reporter"], ["vendor"]], budget=1000)
    log.append(f"explored {found.states} states, complete: {found.complete}")
    return log


if __name__ == "__main__":
    for line in run():
        print(line)
