"""Model analysis: exact baselines and frequencies as Fractions, skill, explore."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import mpcvd

MODELS = Path(__file__).resolve().parents[2] / "examples" / "models"

# Reference §4's baselines f_d of the standard model (its table prints decimals:
# D<A 0.187 is 3/16, F<P 0.111 is 1/9, D<P 0.037 is 1/27).
BASELINES = {
    "V<P": Fraction(1, 3),
    "V<X": Fraction(2, 3),
    "V<A": Fraction(3, 4),
    "F<P": Fraction(1, 9),
    "F<X": Fraction(1, 3),
    "F<A": Fraction(3, 8),
    "D<P": Fraction(1, 27),
    "D<X": Fraction(1, 6),
    "D<A": Fraction(3, 16),
    "P<X": Fraction(1, 2),
    "P<A": Fraction(2, 3),
    "X<A": Fraction(1, 2),
}


def test_exact_baselines_as_fractions() -> None:
    model = mpcvd.Model.standard()
    baselines = model.baselines()
    assert all(isinstance(f, Fraction) for _, f in baselines)
    assert dict(baselines) == BASELINES
    assert [name for name, _ in baselines] == model.desiderata
    assert model.probability("D<A") == Fraction(3, 16)
    assert model.probability("A<D") == 1 - Fraction(3, 16)


def test_histories_with_exact_frequencies() -> None:
    model = mpcvd.Model.standard()
    assert (model.state_count(), model.edge_count(), model.history_count()) == (32, 58, 70)
    histories = model.histories()
    assert len(histories) == 70
    assert histories[0] == ("VFDPXA", Fraction(1, 384))
    assert sum(f for _, f in histories) == 1
    assert model.histories(limit=3) == histories[:3]
    assert model.history_frequency("VFDPXA") == Fraction(1, 384)
    assert model.history_frequency("VFD") is None
    frequency, most = model.most_likely()
    assert all(dict(histories)[h] == frequency for h in most)
    assert [letter for letter, _ in model.events] == list("VFDPXA")


def test_skill_from_observed_histories() -> None:
    model = mpcvd.Model.standard()
    rows = {row.name: row for row in model.skill_from_histories(["VFDPXA", "VFPDXA", "PVFDXA"])}
    fp = rows["F<P"]
    assert (fp.satisfied, fp.decided) == (2, 3)
    assert fp.observed == Fraction(2, 3)
    assert fp.baseline == Fraction(1, 9)
    # α = (2/3 − 1/9) / (1 − 1/9) = 5/8
    assert fp.alpha == Fraction(5, 8)
    assert fp.undefined is None
    assert mpcvd.alpha(Fraction(2, 3), Fraction(1, 9)) == Fraction(5, 8)
    # Microsoft 2017–2020 (reference §4): 2,610 of 2,694 had F ≺ P.
    a = mpcvd.alpha(Fraction(2610, 2694), Fraction(1, 9))
    assert round(float(a), 3) == 0.965
    with pytest.raises(mpcvd.InvalidInput):
        model.skill_from_histories(["VFQ"])
    with pytest.raises(mpcvd.InvalidInput):
        mpcvd.alpha(0.5, Fraction(1, 9))  # type: ignore[arg-type]


def test_skill_from_dated_csv() -> None:
    model = mpcvd.Model.standard()
    csv = "case,V,F,P\nc1,2026-01-01,2026-01-05,2026-01-10\nc2,2026-01-01,2026-01-20,2026-01-10\n"
    rows = {row.name: row for row in model.skill_from_csv(csv)}
    assert (rows["F<P"].satisfied, rows["F<P"].decided) == (1, 2)
    assert rows["F<P"].observed == Fraction(1, 2)


def test_variant_models_load_from_json() -> None:
    for path in sorted(MODELS.glob("*.json")):
        model = mpcvd.Model.from_json(path.read_text(encoding="utf-8"))
        assert sum(f for _, f in model.histories()) == 1
        assert mpcvd.Model.from_json(model.to_json()).baselines() == model.baselines()
    assert mpcvd.Model.from_json(mpcvd.Model.standard().to_json()).baselines() == list(BASELINES.items())
    with pytest.raises(mpcvd.LoadError):
        mpcvd.Model.from_json('{"name": "x"}')


def test_explore_counts_violations_and_traces() -> None:
    guarded = mpcvd.explore([["finder", "reporter"], ["vendor"]])
    assert guarded.complete
    assert guarded.states > 1000 and guarded.transitions > guarded.states
    assert guarded.violations == []
    assert guarded.participants == ["finder+reporter", "vendor"]
    assert guarded.to_dict()["states"] == guarded.states

    # Without the case engine's publication guards, a reporter may publish under
    # the embargo (with channels of two: the publication and its ET): the explorer
    # finds it early, with a shortest trace (tests/explore.rs).
    unguarded = mpcvd.explore(
        [["finder", "reporter"], ["vendor"]], channel_bound=2, budget=50_000, guards=False
    )
    invariants = {v["invariant"] for v in unguarded.violations}
    assert "publish-under-embargo" in invariants
    violation = next(v for v in unguarded.violations if v["invariant"] == "publish-under-embargo")
    trace = violation["trace"]
    assert len(trace) == 5 and trace[-1]["action"] == "send"
    assert trace[-1]["message"] in ("CP", "CX")
    assert (trace[0]["participant"], trace[0]["action"], trace[0]["message"]) == (0, "send", "EP")

    small = mpcvd.explore([["finder", "reporter"], ["vendor"]], budget=100)
    assert not small.complete and small.states <= 100 + 64

    with pytest.raises(mpcvd.InvalidInput):
        mpcvd.explore([["vendor"]])
    with pytest.raises(mpcvd.InvalidInput):
        mpcvd.explore([["vendor"], ["wizard"]])
