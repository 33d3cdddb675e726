"""Shared helpers of the mpcvd Python tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

import pytest

import mpcvd

#: The repository's conformance vectors (tests/vectors/*.json).
VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"

T0 = datetime(2026, 2, 2, 9, 0, tzinfo=timezone.utc)


def day(n: float, hours: float = 0) -> datetime:
    """``T0`` plus ``n`` days and ``hours`` hours."""
    return T0 + timedelta(days=n, hours=hours)


def act(actor: str, action: str, **fields: Any) -> dict[str, Any]:
    """A local action input, e.g. ``act("fay", "submit", to="acme", report={...})``."""
    return {"input": "act", "actor": actor, "action": {"action": action, **fields}}


def message(kind: str, sender: str, to: list[str], **payload: Any) -> dict[str, Any]:
    """A peer message input."""
    msg: dict[str, Any] = {"type": kind, "from": sender, "to": to}
    if payload:
        msg["payload"] = payload
    return {"input": "message", "message": msg}


def person(pid: str, name: str, *roles: str) -> dict[str, Any]:
    """A participant as in a trace's ``participants``."""
    return {"id": pid, "name": name, "roles": list(roles)}


def sends(effects: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """The messages among ``effects``: (type, recipients)."""
    return [(e["type"], e["to"]) for e in effects if e["effect"] == "send"]


@pytest.fixture
def vector() -> Callable[[str], str]:
    """The text of a conformance vector by name."""

    def read(name: str) -> str:
        return (VECTORS / f"{name}.json").read_text(encoding="utf-8")

    return read


def pytest_report_header() -> str:
    return f"mpcvd {mpcvd.__version__} from {mpcvd.__file__}"
