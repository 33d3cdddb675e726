"""Per-input cost of ``Case.handle`` from Python, beside the Rust figure.

The same workload as ``benches/case.rs`` (``cargo bench --bench case``, "handle 10k
mixed inputs, 10 participants"): a 10-participant case after the report reached
everyone and a ten-year embargo is in force, then 10,000 accepted inputs one minute
apart, about half local actions and half peer messages, drawn with the same
xorshift64 generator and the same choices. From Python each input is a dict and
each effect comes back as a dict, so the figure includes those conversions.

Not part of the test suite; run by hand after installing the package:

    python python/bench/bench_handle.py            # 5 rounds of 10,000 inputs
    python python/bench/bench_handle.py --rounds 20
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import mpcvd

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
MINUTE = timedelta(minutes=1)
INPUTS = 10_000
PARTICIPANTS: list[tuple[str, list[str]]] = [
    ("fay", ["finder", "reporter"]),
    ("cert", ["coordinator"]),
    ("v1", ["vendor"]),
    ("v2", ["vendor"]),
    ("v3", ["vendor"]),
    ("v4", ["vendor"]),
    ("v5", ["vendor"]),
    ("v6", ["vendor"]),
    ("dep", ["deployer"]),
    ("obs", ["other"]),
]
NAMES = [n for n, _ in PARTICIPANTS]
MASK = (1 << 64) - 1


class Rng:
    """xorshift64, as in benches/case.rs."""

    def __init__(self, seed: int) -> None:
        self.state = seed

    def below(self, n: int) -> int:
        x = self.state
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
        self.state = x
        return x % n


def act(actor: str, action: str, **fields: Any) -> dict[str, Any]:
    return {"input": "act", "actor": actor, "action": {"action": action, **fields}}


def msg(kind: str, sender: str, to: list[str], payload: dict[str, Any] | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"type": kind, "from": sender, "to": to}
    if payload is not None:
        message["payload"] = payload
    return {"input": "message", "message": message}


def iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def base() -> tuple[mpcvd.Case, datetime]:
    case = mpcvd.Case("VU#bench", None, T0)
    now = T0

    def run(input: dict[str, Any]) -> None:
        nonlocal now
        now += MINUTE
        case.handle(input, now)

    for who, roles in PARTICIPANTS:
        participant = {"id": who, "name": who, "roles": roles}
        add: dict[str, Any] = {"input": "add_participant", "participant": participant}
        if case.owner is not None:
            add["by"] = case.owner
        run(add)
    report = {"title": "overflow in parser", "summary": "crafted header"}
    run(act("fay", "submit", to="cert", report=report))
    run(act("cert", "validate"))
    run(act("cert", "accept"))
    for who in NAMES[2:]:
        run(act("cert", "submit", to=who, report=report))
        run(act(who, "validate"))
        run(act(who, "accept"))
    terms = {"start": iso(T0), "end": iso(T0 + timedelta(days=3650))}
    run(act("cert", "propose_embargo", terms=terms))
    run(msg("EA", "v1", ["cert", "fay"]))
    for who in NAMES[2:]:
        if who != "v1":
            run(act(who, "accept_embargo"))
    return case, now


def script(start_case: mpcvd.Case, start: datetime, count: int) -> list[tuple[dict[str, Any], datetime]]:
    case = start_case.copy()
    rng = Rng(0x9E37_79B9_7F4A_7C15)
    now = start
    out: list[tuple[dict[str, Any], datetime]] = []
    revision = 0
    while len(out) < count:
        a = NAMES[rng.below(len(NAMES))]
        b = NAMES[(NAMES.index(a) + 1 + rng.below(9)) % 10]
        c = NAMES[(NAMES.index(b) + 1 + rng.below(8)) % 10]
        to = [b] if c == a else [b, c]
        text = {"kind": "text", "text": "status?"}
        choice = rng.below(12)
        if choice in (0, 1):
            input = act(a, "inquire", text="status?")
        elif choice in (2, 3):
            input = msg("GI", a, to, text)
        elif choice == 4:
            revision += 1
            end = T0 + timedelta(days=3650) + timedelta(minutes=revision)
            terms = {"start": iso(T0), "end": iso(end)}
            if case.em == "revise":
                input = act(a, "revise_embargo", terms=terms)
            else:
                input = msg("EV", a, to, {"kind": "embargo", **terms})
        elif choice == 5:
            coin = rng.below(2)
            if case.em == "revise" and coin == 0:
                input = act(a, "accept_embargo")
            elif case.em == "revise":
                input = msg("EJ", a, to)
            else:
                input = act(a, "inquire", text="")
        elif choice == 6:
            input = msg("RS", "fay", [NAMES[2 + rng.below(8)]], {"kind": "report", "title": "overflow in parser"})
        elif choice == 7:
            input = msg("RK", a, to)
        elif choice == 8:
            input = msg("EK", a, to)
        elif choice == 9:
            input = msg("CE", a, to)
        elif choice == 10:
            input = msg("RE", a, to)
        else:
            input = {"input": "tick"}
        now += MINUTE
        try:
            case.handle(input, now)
        except mpcvd.Error:
            continue
        out.append((input, now))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    start_case, now = base()
    inputs = script(start_case, now, INPUTS)
    messages = sum(1 for i, _ in inputs if i["input"] == "message")
    print(
        f"Case.handle from Python: {len(inputs)} inputs ({messages} peer messages), "
        f"{len(start_case.participant_ids())} participants, {args.rounds} rounds"
    )
    per_input: list[float] = []
    for _ in range(args.rounds):
        case = start_case.copy()
        began = time.perf_counter()
        for input, at in inputs:
            case.handle(input, at)
        per_input.append((time.perf_counter() - began) / len(inputs))
    best, median = min(per_input), statistics.median(per_input)
    print(f"  per input: median {median * 1e6:.2f} µs, best {best * 1e6:.2f} µs "
          f"({1 / median:,.0f} inputs/s)")


if __name__ == "__main__":
    main()
