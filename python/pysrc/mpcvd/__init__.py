"""mpcvd: Coordinated Vulnerability Disclosure as typed, sans-IO state machines.

The case engine, policies, conformance checking and model analysis of the Rust
library ``mpcvd``, through PyO3. The library does no I/O and reads no clock: hand a
:class:`Case` each input with the (timezone-aware) time it happened, carry out the
effects it returns, and store it with :meth:`Case.to_json`.

- :class:`Case`: ``handle(input, now)`` / ``dry_run``; inputs are dicts written as a
  conformance-trace step without its ``at``; effects come back as dicts in their JSON
  shape. Queries: ``allowed_actions``, ``publication_readiness``, ``silent``,
  ``next_deadline``…
- :class:`Policy`: ``Policy.preset(name)``, ``Policy.from_json``, ``Policy.from_toml``.
- :func:`check` / :func:`replay`: conformance of a recorded trace (JSON);
  :func:`check_as2`: of recorded Vultron ActivityStreams exchanges (JSON Lines).
- :class:`Model`, :func:`explore`, :func:`alpha`: histories, baselines and skill as
  exact :class:`fractions.Fraction`, and the multi-party state-space explorer.
- Exceptions: :class:`Error` and its subclasses :class:`Refused`,
  :class:`PolicyDenied`, :class:`InvalidInput`, :class:`LoadError`.

See ``docs/python.md`` in the repository for a worked tracker loop.
"""

from ._mpcvd import (
    Case,
    Error,
    ExchangeReport,
    Exploration,
    InvalidInput,
    LoadError,
    Model,
    Policy,
    PolicyDenied,
    Readiness,
    Refused,
    Report,
    SkillRow,
    __version__,
    alpha,
    check,
    check_as2,
    explore,
    parse_time,
    replay,
)

__all__ = [
    "Case",
    "Error",
    "ExchangeReport",
    "Exploration",
    "InvalidInput",
    "LoadError",
    "Model",
    "Policy",
    "PolicyDenied",
    "Readiness",
    "Refused",
    "Report",
    "SkillRow",
    "__version__",
    "alpha",
    "check",
    "check_as2",
    "explore",
    "parse_time",
    "replay",
]
