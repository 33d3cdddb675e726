"""The case engine from Python: the behaviours of the Rust examples."""

from __future__ import annotations

import copy

import pytest

import mpcvd
from conftest import T0, act, day, message, person, sends

REPORT = {"title": "Heap overflow in the image parser", "summary": "A crafted header."}


def demo_case() -> mpcvd.Case:
    """The two parties of examples/demo.rs: a finder-reporter and a vendor."""
    return mpcvd.Case(
        "VU#demo",
        mpcvd.Policy(),
        T0,
        participants=[
            person("reporter", "Reporter", "finder", "reporter"),
            person("vendor", "Vendor", "vendor"),
        ],
    )


def test_demo_case_from_report_to_publication() -> None:
    case = demo_case()
    assert case.owner == "reporter"
    assert case.state_of("reporter") == {"rm": "accepted", "em": "none", "cs": "vfdpxa"}

    # 1. The report: RS to the vendor, who becomes aware.
    effects = case.handle(act("reporter", "submit", to="vendor", report=REPORT), day(0))
    assert sends(effects) == [("RS", ["vendor"])]
    assert case.case_state_of("vendor") == "Vfdpxa"
    assert case.state_of("vendor") == {"rm": "received", "em": "none", "cs": "Vfdpxa"}

    # 2. The vendor validates and accepts it.
    assert sends(case.handle(act("vendor", "validate"), day(1))) == [("RV", ["reporter"])]
    assert sends(case.handle(act("vendor", "accept"), day(1))) == [("RA", ["reporter"])]

    # 3. An embargo, proposed by the reporter and accepted by the vendor.
    terms = {"start": day(1).isoformat(), "end": day(30).isoformat()}
    case.handle(act("reporter", "propose_embargo", terms=terms), day(1))
    assert case.em == "proposed"
    effects = case.handle(act("vendor", "accept_embargo"), day(2))
    assert case.em == "active"
    deadlines = [e for e in effects if e["effect"] == "deadline"]
    assert deadlines and mpcvd.parse_time(deadlines[0]["at"]) == day(30)
    assert case.next_deadline_at() == day(30)
    assert case.next_deadline() == {"at": "2026-03-04T09:00:00Z", "kind": {"deadline": "embargo_ends"}}

    # 4. The reporter cannot announce a fix: refused, nothing changes.
    before = case.copy()
    with pytest.raises(mpcvd.Refused) as refused:
        case.handle(act("reporter", "fix_ready"), day(3))
    assert refused.value.rule == "send.role"
    assert refused.value.participant == "reporter"
    assert case == before

    # 5. The vendor fixes; the embargo ends at its deadline; the vendor publishes.
    case.handle(act("vendor", "fix_ready"), day(20))
    assert case.case_state_of("vendor") == "VFdpxa"
    effects = case.handle({"input": "tick"}, day(30))
    assert case.em == "exited"
    assert ("ET", ["reporter", "vendor"]) in sends(effects)
    effects = case.handle(act("vendor", "publish"), day(30, 1))
    assert sends(effects) == [("CP", ["reporter"])]
    assert case.pxa == "Pxa"
    for who in ("vendor", "reporter"):
        case.handle(act(who, "close"), day(31))
    assert [case.state_of(p)["rm"] for p in ("reporter", "vendor")] == ["closed", "closed"]
    assert len(case.timeline()["entries"]) == 2 + 10  # the refused input is not logged


class Store:
    """A tracker's storage as in examples/tracker.rs: one case as a JSON row, loaded
    (and so re-validated) before every step and stored after an accepted one."""

    def __init__(self, case: mpcvd.Case) -> None:
        self.row = case.to_json()

    def step(self, input: dict[str, object], now: object) -> list[dict[str, object]]:
        case = mpcvd.Case.from_json(self.row)
        effects = case.handle(input, now)
        self.row = case.to_json()
        return effects

    def load(self) -> mpcvd.Case:
        return mpcvd.Case.from_json(self.row)


def test_four_party_tracker_case() -> None:
    store = Store(
        mpcvd.Case(
            "VU#123456",
            None,
            T0,
            participants=[
                person("fay", "Fay (finder)", "finder", "reporter"),
                person("cert", "CERT/CC", "coordinator"),
                person("acme", "Acme Corp", "vendor"),
                person("bolt", "Bolt Ltd", "vendor"),
            ],
        )
    )
    store.step(act("fay", "submit", to="cert", report=REPORT), day(0, 1))
    store.step(act("cert", "validate"), day(1))
    store.step(act("cert", "accept"), day(1))
    terms = {"start": day(1, 1), "end": day(46, 1)}  # aware datetimes are accepted in inputs
    store.step(act("cert", "propose_embargo", terms=terms), day(1, 1))
    effects = store.step(act("fay", "accept_embargo"), day(1, 3))
    deadline = next(e["at"] for e in effects if e["effect"] == "deadline")
    assert mpcvd.parse_time(deadline) == day(46, 1)

    case = store.load()
    assert sorted(case.unreached()) == ["acme", "bolt"]
    # The plain protocol has no coordinator rule on publication (test_policy.py
    # has a policy that does).
    readiness = case.publication_readiness()
    assert readiness.ready is True and readiness and readiness.unmet == []

    for vendor in ("acme", "bolt"):
        assert sends(store.step(act("cert", "submit", to=vendor, report=REPORT), day(2))) == [("RS", [vendor])]
    assert store.load().unreached() == []

    # Acme works in the tracker; Bolt's messages arrive from its own system.
    store.step(act("acme", "validate"), day(3))
    store.step(act("acme", "accept"), day(3))
    store.step(act("acme", "accept_embargo"), day(3, 1))
    store.step(message("RV", "bolt", ["cert"]), day(4))
    store.step(message("RA", "bolt", ["cert"]), day(4))
    store.step(message("EK", "bolt", ["cert"]), day(4, 1))

    # Refused: acme validates a report it has already accepted; nothing is stored.
    # (Closing during the embargo is a warning since the decision 'close during an
    # embargo: one verdict', docs/DESIGN.md V1.)
    case = store.load()
    row = store.row
    with pytest.raises(mpcvd.Refused) as refused:
        store.step(act("acme", "validate"), day(5))
    error = refused.value
    assert error.rule == "send.report-state"
    assert error.participant == "acme"
    assert error.state == {"rm": "accepted", "em": "active", "cs": "Vfdpxa"}
    assert "fix_ready" in error.allowed and "validate" not in error.allowed
    assert error.allowed == case.allowed_actions("acme")
    assert "(case unchanged)" in str(error)
    assert store.row == row and store.load() == case

    store.step(act("acme", "fix_ready"), day(30))
    store.step(message("CF", "bolt", ["cert", "acme"]), day(38))
    effects = store.step({"input": "tick"}, day(46, 1))
    assert [k for k, _ in sends(effects)] == ["ET"]
    store.step(act("cert", "publish"), day(46, 2))
    for who in ("acme", "fay", "cert"):
        store.step(act(who, "close"), day(50))
    store.step(message("RC", "bolt", ["cert"]), day(51))

    case = store.load()
    states = {p: case.state_of(p) for p in case.participant_ids()}
    assert {s["rm"] for s in states.values() if s} == {"closed"}
    assert case.em == "exited" and case.pxa == "Pxa"
    assert states["acme"] == {"rm": "closed", "em": "exited", "cs": "VFdPxa"}
    assert len(case.timeline()["entries"]) == 4 + 21


def test_refused_action_names_rule_and_leaves_case_unchanged() -> None:
    case = demo_case()
    case.handle(act("reporter", "submit", to="vendor", report=REPORT), day(0))
    before = copy.deepcopy(case)
    row = case.to_json()
    with pytest.raises(mpcvd.Refused) as refused:
        case.handle(act("vendor", "close"), day(1))
    error = refused.value
    assert isinstance(error, mpcvd.Error)
    assert error.rule == "send.report-state"
    assert error.error_class == "refused"
    assert error.participant == "vendor"
    assert error.state == {"rm": "received", "em": "none", "cs": "Vfdpxa"}
    assert error.attempt == {"action": "close"}
    assert error.allowed == case.allowed_actions("vendor")
    assert "validate" in error.allowed
    assert case == before and case.to_json() == row
    # why_refused asks the same question without raising.
    why = case.why_refused("vendor", {"action": "close"})
    assert isinstance(why, mpcvd.Refused) and why.rule == "send.report-state"
    assert case.why_refused("vendor", {"action": "validate"}) is None


def test_peer_violation_is_refused_with_reply() -> None:
    case = demo_case()
    with pytest.raises(mpcvd.Refused) as refused:
        case.handle(message("RI", "vendor", ["reporter"]), day(0))
    assert refused.value.error_class == "peer_misbehaviour"
    assert refused.value.reply == "RE"


def test_dry_run_does_not_change_the_case() -> None:
    case = demo_case()
    before = case.copy()
    effects = case.dry_run(act("reporter", "submit", to="vendor", report=REPORT), day(0))
    assert sends(effects) == [("RS", ["vendor"])]
    assert case == before
    assert case.handle(act("reporter", "submit", to="vendor", report=REPORT), day(0)) == effects


def test_silent_participants_and_queries() -> None:
    case = demo_case()
    case.handle(act("reporter", "submit", to="vendor", report=REPORT), day(0))
    assert case.silent() == ["vendor"]
    case.handle(act("vendor", "validate"), day(1))
    assert case.silent() == []
    assert case.id == "VU#demo"
    assert case.now == day(1)
    assert case.policy == mpcvd.Policy.preset("vultron")
    assert case.participant("nobody") is None
    assert case.participant("vendor")["roles"] == ["vendor"]
    assert [p["id"] for p in case.participants()] == ["reporter", "vendor"]
    assert case.embargo()["state"] == "none"
    assert "Case(\"VU#demo\"" in repr(case)


def test_warnings_come_back_as_effects() -> None:
    case = demo_case()
    case.handle(act("reporter", "submit", to="vendor", report=REPORT), day(0))
    case.handle(act("reporter", "propose_embargo", terms={"start": day(0), "end": day(30)}), day(0))
    case.handle(act("vendor", "accept_embargo"), day(0))
    effects = case.handle(act("reporter", "publish_early", reason="exploited"), day(1))
    # The engine's publication warning, then the early release with its reason.
    assert effects[:2] == [
        {
            "effect": "warning",
            "rule": "publish.embargo-in-force",
            "participant": "reporter",
            "detail": "publication: an embargo is in force until 2026-03-04 09:00:00 UTC",
        },
        {
            "effect": "warning",
            "rule": "publish.embargo-in-force",
            "participant": "reporter",
            "detail": "early release: exploited",
        },
    ]
    assert sends(effects) == [("CP", ["vendor"]), ("ET", ["vendor"])]
    assert case.em == "exited" and case.pxa == "Pxa"
