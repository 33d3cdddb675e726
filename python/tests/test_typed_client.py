"""The typed client (checked by mypy --strict in CI) also runs."""

from __future__ import annotations

import typed_client


def test_typed_client_runs() -> None:
    log = typed_client.run()
    assert log[0] == "RS fay -> cert"
    assert log[1] == "RV cert -> fay"
    assert log[2].startswith("denied publish.")
    assert "verdict: conforms" in log
    assert "D<A: 3/16" in log
