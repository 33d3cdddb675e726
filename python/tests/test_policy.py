"""Policies: presets, JSON and TOML, and two policies deciding differently."""

from __future__ import annotations

import pytest

import mpcvd
from conftest import T0, act, day, person

ADVISORY = {
    "title": "Overflow",
    "affected": [{"product": "acme-httpd", "versions": ["< 2"]}],
    "mitigations": ["disable the parser"],
}


def publish_on_day_ten(policy: mpcvd.Policy) -> mpcvd.Case:
    """A finder reports to a vendor that never answers, and publishes on day 10."""
    case = mpcvd.Case(
        "VU#policy",
        policy,
        T0,
        participants=[person("fay", "Fay", "finder", "reporter"), person("acme", "Acme", "vendor")],
    )
    case.handle(act("fay", "update_advisory", advisory=ADVISORY), day(0))
    case.handle(act("fay", "submit", to="acme", report={"title": "overflow"}), day(1))
    return case


def test_two_policies_decide_differently() -> None:
    # The plain protocol lets the reporter publish.
    plain = publish_on_day_ten(mpcvd.Policy.preset("vultron"))
    plain.handle(act("fay", "publish"), day(10))
    assert plain.pxa == "Pxa"

    # A CERT/CC-like policy refuses: the vendor's deadline has not passed.
    cert = publish_on_day_ten(mpcvd.Policy.preset("cert-cc"))
    before = cert.copy()
    with pytest.raises(mpcvd.PolicyDenied) as denied:
        cert.handle(act("fay", "publish"), day(10))
    error = denied.value
    assert isinstance(error, mpcvd.Error)
    assert error.rule == "publish.before-deadline"
    assert error.policy.startswith("cert-cc")
    assert error.error_class == "refused"
    assert error.participant in ("fay", "acme")
    assert cert == before and cert.pxa == "pxa"
    readiness = cert.publication_readiness("fay")
    assert not readiness.ready
    assert [u["rule"] for u in readiness.blocking] == ["publish.before-deadline"]
    # Its deadline is what the tracker calls back at; after it, publication passes.
    deadline = cert.next_deadline()
    assert deadline is not None and deadline["kind"] == {"deadline": "publish_allowed", "vendor": "acme"}
    at = cert.next_deadline_at()
    assert at is not None and at > day(10)
    cert.handle({"input": "tick"}, at)
    assert cert.publication_readiness("fay").ready
    cert.handle(act("fay", "publish"), at)
    assert cert.pxa == "Pxa"


def test_presets_and_levels() -> None:
    names = mpcvd.Policy.presets()
    assert "cert-cc" in names and "vultron" in names and "vultron-live" in names
    assert len(names) == 9
    for name in names:
        policy = mpcvd.Policy.preset(name)
        assert policy.name == name
        assert mpcvd.Policy.from_json(policy.to_json()) == policy
        assert mpcvd.Policy.from_toml(policy.to_toml()) == policy
        assert mpcvd.Policy.from_dict(policy.to_dict()) == policy
    cert = mpcvd.Policy.preset("cert-cc")
    assert cert.level("publish.before-deadline") == "deny"
    assert mpcvd.Policy().level("publish.before-deadline") == "off"
    assert mpcvd.Policy() == mpcvd.Policy.preset("vultron")
    assert len({mpcvd.Policy(), mpcvd.Policy.preset("vultron")}) == 1


def test_policy_from_toml() -> None:
    text = """
name = "our-psirt"
version = "2"
allow_early_release = true

[rules]
"publish.embargo-in-force" = "deny"
"publish.vendors-unreached" = "warn"
"""
    policy = mpcvd.Policy.from_toml(text)
    assert (policy.name, policy.version) == ("our-psirt", "2")
    assert policy.level("publish.embargo-in-force") == "deny"
    assert policy.level("publish.vendors-unreached") == "warn"
    assert mpcvd.Policy.from_json(policy.to_json()) == policy


def test_bad_policies() -> None:
    with pytest.raises(mpcvd.InvalidInput, match="no preset named `nope`"):
        mpcvd.Policy.preset("nope")
    with pytest.raises(mpcvd.LoadError, match="protocol rule"):
        mpcvd.Policy.from_toml('name = "x"\nversion = "1"\n[rules]\n"send.role" = "off"\n')
    with pytest.raises(mpcvd.LoadError):
        mpcvd.Policy.from_json('{"name": "x"}')
    with pytest.raises(mpcvd.LoadError):
        mpcvd.Policy.from_toml("not toml [")
    with pytest.raises(mpcvd.InvalidInput):
        mpcvd.Policy().level("no.such-rule")
