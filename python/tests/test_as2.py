"""mpcvd.check_as2 on the recorded Vultron traffic (tests/fixtures/vultron-live/):
the same verdicts and per-exchange deviation counts as `mpcvd check --as2`
(tests/cli_as2.rs)."""

from __future__ import annotations

from pathlib import Path

import pytest

import mpcvd

FIXTURE = (
    Path(__file__).resolve().parents[2]
    / "tests"
    / "fixtures"
    / "vultron-live"
    / "exchanges.jsonl"
)


@pytest.fixture(scope="module")
def text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def failing(reports: list[mpcvd.ExchangeReport]) -> dict[str, int]:
    """Deviations per non-conforming exchange, by the part of its name after `::`."""
    return {
        r.name.rsplit("::", 1)[-1]: len(r.deviations) for r in reports if not r.conforms
    }


def test_strict_policy_pins_the_cli_counts(text: str) -> None:
    reports = mpcvd.check_as2(text)
    assert len(reports) == 28
    assert sum(r.conforms for r in reports) == 22
    assert failing(reports) == {
        "test_full_workflow_succeeds": 3,
        "test_demo[activate_terminate]": 1,
        "test_demo[status_workflow]": 2,
        "test_demo[manage_participants_accept]": 2,
        "test_run_scenario[fv]": 3,
        "test_run_scenario[fcv]": 10,
    }


def test_live_policy_most_exchanges_conform(text: str) -> None:
    reports = mpcvd.check_as2(text, policy="vultron-live")
    assert len(reports) == 28
    assert sum(r.conforms for r in reports) == 25
    assert failing(reports) == {
        "test_demo[activate_terminate]": 1,
        "test_demo[manage_participants_accept]": 2,
        "test_run_scenario[fcv]": 6,
    }


def test_a_report_has_verdict_steps_and_deviation_lines(text: str) -> None:
    reports = mpcvd.check_as2(text)
    n_lines = len(text.splitlines())
    for r in reports:
        assert r.name.startswith("test/")
        # (an exchange of only unstepped activities, e.g. suggest_reject, has 0 steps)
        assert r.activities >= 1 and 0 <= r.unstepped <= r.activities
        if r.conforms:
            assert r.verdict == "conforms"
            assert r.deviations == []
            continue
        assert isinstance(r.verdict, dict)
        (kind,) = r.verdict
        first = r.deviations[0]
        assert kind == first["kind"]
        assert r.verdict[kind]["step"] == first["step"]
        for d in r.deviations:
            assert {"step", "kind", "participant", "rule", "expected", "found", "line"} <= d.keys()
            assert 1 <= d["line"] <= n_lines
            assert 0 <= d["step"] < r.steps
    assert "ExchangeReport(" in repr(reports[0])


def test_lines_as_an_iterable_give_the_same_reports(text: str) -> None:
    whole = mpcvd.check_as2(text)
    with FIXTURE.open(encoding="utf-8") as f:
        by_line = mpcvd.check_as2(f)  # lines keep their "\n"
    from_list = mpcvd.check_as2(text.splitlines())
    for other in (by_line, from_list):
        assert [(r.name, r.conforms, r.steps, r.deviations) for r in other] == [
            (r.name, r.conforms, r.steps, r.deviations) for r in whole
        ]


def test_one_conforming_exchange(text: str) -> None:
    one = [l for l in text.splitlines() if "test_demo[validate_report]" in l]
    (report,) = mpcvd.check_as2(one)
    assert report.conforms
    assert report.verdict == "conforms"


def test_roles_override_what_the_activities_say(text: str) -> None:
    one = [l for l in text.splitlines() if "test_demo[validate_report]" in l]
    (plain,) = mpcvd.check_as2(one)
    (given,) = mpcvd.check_as2(one, roles={})
    assert (plain.conforms, plain.steps) == (given.conforms, given.steps)
    with pytest.raises(mpcvd.InvalidInput, match="roles"):
        mpcvd.check_as2(one, roles={"someone": ["emperor"]})


def test_empty_input_has_no_exchange() -> None:
    assert mpcvd.check_as2("") == []
    assert mpcvd.check_as2([]) == []


def test_unreadable_input_is_a_load_error() -> None:
    with pytest.raises(mpcvd.LoadError, match="line 1"):
        mpcvd.check_as2('{"type": "Offer"\n')
    with pytest.raises(mpcvd.LoadError, match="line 2"):
        mpcvd.check_as2(["", "not json"])


def test_caller_mistakes_are_invalid_input(text: str) -> None:
    with pytest.raises(mpcvd.InvalidInput, match="no preset named `nope`"):
        mpcvd.check_as2(text, policy="nope")
    with pytest.raises(mpcvd.InvalidInput, match="item 1 is not a str"):
        mpcvd.check_as2(["", 3])  # type: ignore[list-item]
    with pytest.raises(mpcvd.InvalidInput, match="iterable of str"):
        mpcvd.check_as2(3)  # type: ignore[arg-type]
    assert issubclass(mpcvd.LoadError, mpcvd.Error)
