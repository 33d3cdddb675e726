"""Type stubs of the native module ``mpcvd._mpcvd`` (re-exported by ``mpcvd``)."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from typing import Any, Optional, Union

__version__: str

# An input: a dict written exactly as a conformance-trace step without its ``at``,
# e.g. {"input": "act", "actor": "fay", "action": {"action": "validate"}}.
Input = Mapping[str, Any]
# An effect in its JSON shape: {"effect": "send" | "deadline" | "warning", ...}.
Effect = dict[str, Any]
# A verdict in the shape of a trace's ``expect``: "conforms",
# {"violation": {"step": n, "rule": id}} or {"contradiction": {"step": n}}.
Verdict = Union[str, dict[str, Any]]

class Error(Exception):
    """Every error of mpcvd; the message is the Rust error's message."""

    rule: Optional[str]
    """The stable rule id (e.g. ``"send.report-state"``), if one applies."""
    error_class: Optional[str]
    """``"misuse"``, ``"peer_misbehaviour"`` or ``"refused"`` for a case's refusals."""

class Refused(Error):
    """The protocol (or the case's authority rules) refuses the input; the case is
    unchanged."""

    rule: str
    error_class: str
    participant: Optional[str]
    state: Optional[dict[str, str]]
    """The participant's protocol state ``{"rm", "em", "cs"}`` (kept)."""
    allowed: list[str]
    """The actions the participant may take now."""
    reason: str
    attempt: Optional[Union[str, dict[str, str]]]
    reply: Optional[str]
    """The error reply the protocol owes a peer (``"RE"``, ``"EE"``…), if any."""

class PolicyDenied(Error):
    """A coordinator rule of the case's policy refuses the input; the case is
    unchanged."""

    rule: str
    error_class: str
    participant: Optional[str]
    state: Optional[dict[str, str]]
    allowed: list[str]
    policy: str
    responsibility: str
    reason: str

class InvalidInput(Error):
    """A malformed input: a dict that is not an input, a naive datetime, an unknown
    participant, a time before the case's last input…"""

class LoadError(Error):
    """A document (case, policy, trace, model) that cannot be loaded."""

    path: Optional[str]
    """The field path of the fault (``data.participants[2].status.vfd``), ``""`` for
    the whole document, ``None`` when not known."""
    participant: Optional[str]
    """The participant the faulty field belongs to (cases only), or ``None``."""

class Policy:
    """The rules a case runs under."""

    def __init__(self) -> None:
        """The plain protocol (``vultron``): no coordinator rule is checked."""
    @classmethod
    def preset(cls, name: str) -> Policy:
        """A named preset; ``InvalidInput`` for an unknown name."""
    @staticmethod
    def presets() -> list[str]: ...
    @classmethod
    def from_json(cls, text: str) -> Policy:
        """``LoadError`` if not a valid policy."""
    @classmethod
    def from_toml(cls, text: str) -> Policy:
        """``LoadError`` if not a valid policy."""
    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> Policy: ...
    def to_json(self) -> str: ...
    def to_toml(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    def level(self, rule: str) -> str:
        """``"off"``, ``"warn"`` or ``"deny"``."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Readiness:
    """The answer to "may we publish now?"."""

    @property
    def ready(self) -> bool: ...
    @property
    def unmet(self) -> list[dict[str, Any]]:
        """Every unmet rule: ``{"rule", "level", "missing": {...}}``."""
    @property
    def blocking(self) -> list[dict[str, Any]]:
        """The unmet rules at deny level."""
    def __bool__(self) -> bool: ...

class Case:
    """One vulnerability case, driven by ``handle(input, now)``."""

    def __init__(
        self,
        case_id: str,
        policy: Optional[Policy],
        created: datetime,
        participants: Optional[Iterable[Mapping[str, Any]]] = None,
    ) -> None:
        """Opens a case at ``created`` (timezone-aware) under ``policy`` (None: the
        plain protocol); the first of
        ``participants`` (trace-shaped dicts) owns it and adds the others."""
    def handle(self, input: Input, now: datetime) -> list[Effect]:
        """Handles one input; raises ``Refused``, ``PolicyDenied`` or
        ``InvalidInput`` and leaves the case unchanged if it is refused."""
    def dry_run(self, input: Input, now: datetime) -> list[Effect]:
        """What ``handle`` would return, without changing the case."""
    def why_refused(self, participant: str, action: Mapping[str, Any]) -> Optional[Error]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> Case:
        """Validates and replays the timeline; ``LoadError`` if it does not load."""
    def copy(self) -> Case: ...
    def __copy__(self) -> Case: ...
    def __deepcopy__(self, memo: Any) -> Case: ...
    def __eq__(self, other: object) -> bool: ...
    @property
    def id(self) -> str: ...
    @property
    def now(self) -> datetime: ...
    @property
    def policy(self) -> Policy: ...
    @property
    def owner(self) -> Optional[str]: ...
    @property
    def em(self) -> str: ...
    @property
    def pxa(self) -> str: ...
    def embargo(self) -> dict[str, Any]: ...
    def participant_ids(self) -> list[str]: ...
    def participants(self) -> list[dict[str, Any]]: ...
    def participant(self, participant: str) -> Optional[dict[str, Any]]: ...
    def state_of(self, participant: str) -> Optional[dict[str, str]]: ...
    def case_state_of(self, participant: str) -> Optional[str]: ...
    def allowed_actions(self, participant: str) -> list[str]: ...
    def publication_readiness(self, publisher: Optional[str] = None) -> Readiness: ...
    def silent(self) -> list[str]: ...
    def unreached(self) -> list[str]: ...
    def next_deadline(self) -> Optional[dict[str, Any]]: ...
    def next_deadline_at(self) -> Optional[datetime]: ...
    def timeline(self) -> dict[str, Any]: ...

class Report:
    """The conformance checker's findings."""

    @property
    def verdict(self) -> Verdict: ...
    @property
    def conforms(self) -> bool: ...
    @property
    def deviations(self) -> list[dict[str, Any]]: ...
    @property
    def steps(self) -> int: ...

def check(trace_json: str) -> Report:
    """Replays a trace through the case engine; ``LoadError`` if it cannot be set up."""

def replay(trace_json: str) -> tuple[Case, Report]: ...

class ExchangeReport:
    """The conformance checker's findings on one recorded AS2 exchange."""

    @property
    def name(self) -> str:
        """The exchange's name (the lines' ``test`` field; empty when not given)."""
    @property
    def conforms(self) -> bool: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def deviations(self) -> list[dict[str, Any]]:
        """As ``Report.deviations``, each with ``line``: the activity's 1-based line."""
    @property
    def steps(self) -> int: ...
    @property
    def activities(self) -> int: ...
    @property
    def unstepped(self) -> int: ...

def check_as2(
    lines: Union[str, Iterable[str]],
    policy: str = "vultron",
    roles: Optional[dict[str, list[str]]] = None,
) -> list[ExchangeReport]:
    """Checks recorded Vultron ActivityStreams exchanges (JSON Lines), one report per
    exchange; ``LoadError`` for an unreadable line, ``InvalidInput`` for an unknown
    preset, a bad role or a non-str line."""

class SkillRow:
    """One desideratum's skill against its baseline."""

    @property
    def name(self) -> str: ...
    @property
    def baseline(self) -> Fraction: ...
    @property
    def satisfied(self) -> int: ...
    @property
    def decided(self) -> int: ...
    @property
    def observed(self) -> Optional[Fraction]: ...
    @property
    def alpha(self) -> Optional[Fraction]: ...
    @property
    def undefined(self) -> Optional[str]: ...

class Model:
    """A case-state process model and its graph of reachable states."""

    @classmethod
    def standard(cls) -> Model: ...
    @classmethod
    def from_json(cls, text: str) -> Model: ...
    def to_json(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def events(self) -> list[tuple[str, str]]: ...
    @property
    def desiderata(self) -> list[str]: ...
    def state_count(self) -> int: ...
    def edge_count(self) -> int: ...
    def history_count(self) -> int: ...
    def histories(self, limit: Optional[int] = None) -> list[tuple[str, Fraction]]: ...
    def history_frequency(self, events: str) -> Optional[Fraction]: ...
    def most_likely(self) -> tuple[Fraction, list[str]]: ...
    def baselines(self) -> list[tuple[str, Fraction]]: ...
    def probability(self, precedence: str) -> Fraction: ...
    def skill_from_histories(self, histories: Sequence[str], missing: str = "not-yet") -> list[SkillRow]: ...
    def skill_from_csv(self, csv: str, missing: str = "not-yet", ties: str = "undecided") -> list[SkillRow]: ...

def alpha(observed: Union[Fraction, int], baseline: Union[Fraction, int]) -> Fraction: ...

class Exploration:
    """What an exploration found: counts, violations and traces."""

    @property
    def participants(self) -> list[str]: ...
    @property
    def channel_bound(self) -> int: ...
    @property
    def states(self) -> int: ...
    @property
    def transitions(self) -> int: ...
    @property
    def max_depth(self) -> int: ...
    @property
    def terminal(self) -> int: ...
    @property
    def deadlocks(self) -> int: ...
    @property
    def complete(self) -> bool: ...
    @property
    def local_states(self) -> list[int]: ...
    @property
    def violations(self) -> list[dict[str, Any]]: ...
    @property
    def deadlock_trace(self) -> Optional[list[dict[str, Any]]]: ...
    def to_dict(self) -> dict[str, Any]: ...

def explore(
    participants: Sequence[Sequence[str]],
    channel_bound: int = 1,
    budget: Optional[int] = None,
    guards: bool = True,
    acknowledgements: bool = False,
    inquiries: bool = False,
    topology: str = "complete",
    duties: bool = False,
) -> Exploration: ...

def parse_time(text: str) -> datetime:
    """An RFC 3339 time (as in effects) as an aware datetime in UTC."""
