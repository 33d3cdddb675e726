"""Conformance: the repository's vectors through mpcvd.check, and the same steps
driven through Case.handle from Python."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

import mpcvd
from conftest import VECTORS

ALL = sorted(VECTORS.glob("*.json"))


def test_vectors_are_there() -> None:
    assert len(ALL) > 50


def test_a_conforming_vector(vector: Callable[[str], str]) -> None:
    report = mpcvd.check(vector("e2e-single-vendor"))
    assert report.verdict == "conforms"
    assert report.conforms
    assert report.deviations == []
    assert report.steps == 9


def test_a_violating_vector(vector: Callable[[str], str]) -> None:
    # (neg-close-during-embargo conforms since the decision 'close during an
    # embargo: one verdict', docs/DESIGN.md V1: see that vector's description.)
    report = mpcvd.check(vector("neg-fix-by-reporter"))
    assert report.verdict == {"violation": {"step": 1, "rule": "send.role"}}
    assert not report.conforms
    (deviation,) = report.deviations
    assert deviation["kind"] == "violation"
    assert deviation["step"] == 1
    assert deviation["participant"] == "fay"
    assert deviation["rule"] == "send.role"


def test_a_contradicting_vector(vector: Callable[[str], str]) -> None:
    report = mpcvd.check(vector("contra-wrong-state"))
    assert report.verdict == {"contradiction": {"step": 0}}
    assert report.deviations[0]["kind"] == "contradiction"


def refused_document(trace: dict[str, Any]) -> bool:
    """Whether the vector is a document the checker must refuse."""
    expect = trace.get("expect")
    return isinstance(expect, dict) and "refused_document" in expect


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_every_vector_meets_its_expectation(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expect = json.loads(text).get("expect")
    if isinstance(expect, dict) and "refused_document" in expect:
        with pytest.raises(mpcvd.LoadError):
            mpcvd.check(text)
        return
    report = mpcvd.check(text)
    if isinstance(expect, dict) and "deviations" in expect:
        # Exactly these deviations, in order; rule and participant where given.
        found = report.deviations
        assert len(found) == len(expect["deviations"])
        for want, got in zip(expect["deviations"], found):
            assert {k: got[k] for k in want} == want
        return
    assert report.verdict == expect


def refusal(index: int, step: dict[str, Any], deviations: list[dict[str, Any]]) -> Any:
    """The rule the checker's replay refused step `index` under, or None."""
    for d in deviations:
        # A `sent` violation (format 2: not allowed by what its sender knew) is
        # of a step the case accepts.
        if d["step"] != index or d["rule"] is None or d["claim"] == "sent":
            continue
        if d["kind"] == "violation" or d["expected"].startswith("refused under"):
            return d["rule"]
        if d["expected"] == "the step is accepted":
            return None
    return (step.get("expect") or {}).get("refused")


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_steps_as_python_inputs_do_what_the_checker_says(path: Path) -> None:
    """Every step, written as a dict without its `at` and `expect`, is an input that
    Case.handle accepts or refuses exactly as the checker's replay does."""
    trace: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if refused_document(trace):
        pytest.skip("a document the checker refuses")
    policy_ref = trace.get("policy", "vultron")
    policy = (
        mpcvd.Policy.preset(policy_ref)
        if isinstance(policy_ref, str)
        else mpcvd.Policy.from_dict(policy_ref)
    )
    case = mpcvd.Case(
        trace["case"], policy, mpcvd.parse_time(trace["start"]), participants=trace["participants"]
    )
    deviations = mpcvd.check(json.dumps(trace)).deviations
    for index, step in enumerate(trace["steps"]):
        refused_rule = refusal(index, step, deviations)
        # The step without its time, claims and (format 2) timing record; a
        # step's policy by preset name written out.
        input = {k: v for k, v in step.items() if k not in ("at", "expect", "sent", "delivered")}
        if input["input"] == "change_policy" and isinstance(input["policy"], str):
            input["policy"] = mpcvd.Policy.preset(input["policy"]).to_dict()
        before = case.copy()
        try:
            case.handle(input, mpcvd.parse_time(step["at"]))
        except mpcvd.Error as error:
            assert refused_rule is not None, f"step {index} refused: {error}"
            assert error.rule == refused_rule, f"step {index}: {error}"
            assert case == before
        else:
            assert refused_rule is None, f"step {index} accepted, the checker says {refused_rule}"
    replayed, report = mpcvd.replay(json.dumps(trace))
    assert replayed == case
    assert report.verdict == mpcvd.check(json.dumps(trace)).verdict


def test_untraceable_documents_raise_load_error(vector: Callable[[str], str]) -> None:
    with pytest.raises(mpcvd.LoadError, match="not a trace"):
        mpcvd.check("{}")
    with pytest.raises(mpcvd.LoadError, match="not a trace"):
        mpcvd.check("not json")
    trace = json.loads(vector("e2e-single-vendor"))
    trace["policy"] = "no-such-preset"
    with pytest.raises(mpcvd.LoadError, match="no preset named"):
        mpcvd.check(json.dumps(trace))
