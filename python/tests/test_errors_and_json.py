"""Bad input raises the right exception; cases round-trip through JSON."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

import mpcvd
from conftest import T0, act, day, person


def small_case() -> mpcvd.Case:
    return mpcvd.Case(
        "VU#err",
        mpcvd.Policy.preset("cert-cc"),
        T0,
        participants=[
            person("cert", "CERT/CC", "coordinator"),
            person("fay", "Fay", "finder", "reporter"),
            person("acme", "Acme", "vendor"),
        ],
    )


def test_exception_hierarchy() -> None:
    for cls in (mpcvd.Refused, mpcvd.PolicyDenied, mpcvd.InvalidInput, mpcvd.LoadError):
        assert issubclass(cls, mpcvd.Error)
        assert cls.__module__ == "mpcvd"
    assert issubclass(mpcvd.Error, Exception)


def test_naive_datetimes_are_refused() -> None:
    case = small_case()
    naive = datetime(2026, 2, 3, 9, 0)
    with pytest.raises(mpcvd.InvalidInput, match="naive"):
        case.handle({"input": "tick"}, naive)
    with pytest.raises(mpcvd.InvalidInput, match="naive"):
        mpcvd.Case("VU#x", None, naive)
    terms = {"start": naive, "end": naive + timedelta(days=30)}
    with pytest.raises(mpcvd.InvalidInput, match="naive"):
        case.handle(act("cert", "propose_embargo", terms=terms), day(1))
    with pytest.raises(mpcvd.InvalidInput, match="datetime"):
        case.handle({"input": "tick"}, "2026-02-03T09:00:00Z")  # type: ignore[arg-type]


def test_other_time_zones_are_converted() -> None:
    case = small_case()
    tokyo = timezone(timedelta(hours=9))
    case.handle({"input": "tick"}, datetime(2026, 2, 3, 18, 0, tzinfo=tokyo))
    assert case.now == datetime(2026, 2, 3, 9, 0, tzinfo=timezone.utc)
    assert case.now.tzinfo is not None


def test_bad_inputs_raise_invalid_input_and_change_nothing() -> None:
    case = small_case()
    before = case.copy()
    bad = [
        {"input": "dance"},
        {"input": "act", "actor": "fay"},
        {"input": "act", "actor": "fay", "action": {"action": "submit", "to": "acme"}},
        # A step's `at` is not part of an input. (serde ignores unknown fields of the
        # field-less `tick`, in traces too: `{"input": "tick", "at": ...}` passes.)
        {"input": "act", "actor": "fay", "action": {"action": "validate"}, "at": "2026-02-03T09:00:00Z"},
        {"input": "act", "actor": "", "action": {"action": "validate"}},
        {"input": "act", "actor": "fay", "action": {"action": "inquire", "text": object()}},
        {1: "tick"},
        ["tick"],
    ]
    for input in bad:
        with pytest.raises(mpcvd.InvalidInput):
            case.handle(input, day(1))  # type: ignore[arg-type]
    assert case == before


def test_case_misuse_carries_its_rule() -> None:
    case = small_case()
    with pytest.raises(mpcvd.InvalidInput) as unknown:
        case.handle(act("nobody", "validate"), day(1))
    assert unknown.value.rule == "participant.unknown"
    assert unknown.value.error_class == "misuse"
    case.handle({"input": "tick"}, day(2))
    with pytest.raises(mpcvd.InvalidInput) as backwards:
        case.handle({"input": "tick"}, day(1))
    assert backwards.value.rule == "time.monotonic"
    with pytest.raises(mpcvd.InvalidInput):
        case.allowed_actions("nobody")
    with pytest.raises(mpcvd.InvalidInput):
        case.publication_readiness("nobody")
    with pytest.raises(mpcvd.InvalidInput):
        mpcvd.Case("", None, T0)
    with pytest.raises(mpcvd.InvalidInput):
        mpcvd.Case("VU#x", None, T0, participants=[{"id": "a", "name": "A", "roles": []}])


def test_authority_refusals_are_refused() -> None:
    case = small_case()
    with pytest.raises(mpcvd.Refused) as refused:
        case.handle(
            {"input": "add_participant", "participant": person("eve", "Eve", "vendor"), "by": "acme"},
            day(1),
        )
    assert refused.value.rule == "authority.add-participant"
    assert refused.value.participant == "acme"
    assert isinstance(refused.value.allowed, list)


def test_json_round_trip() -> None:
    case = small_case()
    case.handle(act("fay", "submit", to="cert", report={"title": "bug"}), day(0))
    case.handle(act("cert", "validate"), day(1))
    text = case.to_json()
    loaded = mpcvd.Case.from_json(text)
    assert loaded == case
    assert loaded.to_json() == text
    assert loaded.timeline() == case.timeline()
    # Loading validates: a document whose state disagrees with its timeline, or
    # that is not a case, is refused.
    doc = json.loads(text)
    doc["now"] = "2030-01-01T00:00:00Z"
    with pytest.raises(mpcvd.LoadError, match="differs from what its timeline produces"):
        mpcvd.Case.from_json(json.dumps(doc))
    doc = json.loads(text)
    doc["timeline"]["entries"].pop()
    with pytest.raises(mpcvd.LoadError):
        mpcvd.Case.from_json(json.dumps(doc))
    for junk in ("", "{}", "[]", '{"timeline": 1}'):
        with pytest.raises(mpcvd.LoadError):
            mpcvd.Case.from_json(junk)
    with pytest.raises(mpcvd.InvalidInput):
        mpcvd.parse_time("yesterday")


def test_load_errors_name_the_field_path_and_the_participant() -> None:
    doc = json.loads(small_case().to_json())
    i = next(n for n, p in enumerate(doc["data"]["participants"]) if p["id"] == "acme")
    doc["data"]["participants"][i]["status"]["vfd"] = "vFd"
    with pytest.raises(mpcvd.LoadError) as refused:
        mpcvd.Case.from_json(json.dumps(doc))
    path = f"data.participants[{i}].status.vfd"
    assert refused.value.path == path
    assert refused.value.participant == "acme"
    assert f"at `{path}` (participant `acme`): unknown variant `vFd`" in str(refused.value)
    with pytest.raises(mpcvd.LoadError) as refused:
        mpcvd.Case.from_json("[]")
    assert refused.value.path == ""
    assert refused.value.participant is None
    with pytest.raises(mpcvd.LoadError) as refused:
        mpcvd.Policy.from_json('{"name": "p", "rules": {"publish.whenever": "deny"}}')
    assert refused.value.path == "rules.publish.whenever"
    assert refused.value.participant is None
    with pytest.raises(mpcvd.LoadError) as refused:
        mpcvd.Policy.from_toml('name = "p"\nattacks_end_embargo = "sometimes"\n')
    assert refused.value.path == "attacks_end_embargo"
