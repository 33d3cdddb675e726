//! Case State (CS): the six events `V F D P X A` and the 32 states they span.
//!
//! Reference §3 (`docs/topics/process_models/cs/*`, `vultron/core/states/cs.py`). A
//! [`CaseState`] is one byte, one bit per event; only the 32 states with `D ⇒ F ⇒ V`
//! can be constructed (`vF····` and `·fD···` cannot). The successor function is
//! written as data — [`PREREQUISITES`] and [`FORCING`] — and the 58 edges of
//! [`TRANSITIONS`] are computed from that data at compile time.
//!
//! Decision 1 of the reference applies: `VFdPxA` takes `X` to `VFdPXA` (the grammar's
//! `VFDPXA` is a typo).

mod event;
mod history;
mod parts;
mod pattern;
mod text;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use event::CsEvent;
pub use history::History;
pub use parts::{Pxa, Vfd};
pub use pattern::{ParsePatternError, StatePattern};
pub use text::ParseCaseStateError;

use crate::machine::{Machine, MachineKind, Transition};
use crate::set::Set;
use CsEvent::{
    ExploitPublic as X, FixDeployed as D, FixReady as F, PublicAware as P, VendorAware as V,
};

/// A state of the case-state model, e.g. `VFdPxa`.
///
/// Always one of the 32 valid states: the vendor letters are one of `vfd`, `Vfd`,
/// `VFd`, `VFD`. Parses from and prints as the six-letter form; serialises as that
/// string and is validated when deserialised.
///
/// # Example
/// ```
/// use mpcvd::cs::{CaseState, CsEvent};
/// let s: CaseState = "Vfdpxa".parse()?;
/// let s = s.apply(CsEvent::FixReady)?;
/// assert_eq!(s.to_string(), "VFdpxa");
/// assert!("vFdpxa".parse::<CaseState>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseState {
    bits: u8,
}

/// Event `event` may only happen once `requires` has ([reference §3](crate::reference) constraint 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Prerequisite {
    /// The later event.
    pub event: CsEvent,
    /// The event that must precede it.
    pub requires: CsEvent,
}

/// In a state matching `pattern`, only `only` may happen next (constraints 2 and 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Forcing {
    /// The states the rule applies to.
    pub pattern: StatePattern,
    /// The single event allowed there.
    pub only: CsEvent,
}

/// The vendor fix path `V ≺ F ≺ D`.
pub const PREREQUISITES: [Prerequisite; 2] = [
    Prerequisite {
        event: F,
        requires: V,
    },
    Prerequisite {
        event: D,
        requires: F,
    },
];

/// The two forcing rules: `v··P··` may only take `V` (the vendor learns no later than
/// the public); `···pX·` may only take `P` (a public exploit makes the public aware).
pub const FORCING: [Forcing; 2] = [
    Forcing {
        pattern: StatePattern::new(&[P], &[V]),
        only: V,
    },
    Forcing {
        pattern: StatePattern::new(&[X], &[P]),
        only: P,
    },
];

/// Why the case-state model refuses an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
pub enum CsRule {
    /// Events are irreversible and happen once.
    #[error("`{0}` has already happened")]
    AlreadyHappened(CsEvent),
    /// The fix path `V ≺ F ≺ D`.
    #[error("`{}` requires `{}` first", .0.event, .0.requires)]
    Prerequisite(Prerequisite),
    /// A forcing rule leaves only one event.
    #[error("in `{}` only `{}` may happen next", .0.pattern, .0.only)]
    Forced(Forcing),
    /// The participant does not record this event itself (e.g. `F` for a deployer).
    #[error("`{0}` is not this participant's own event")]
    NotOwned(CsEvent),
}

/// A refused case-state event; the state is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[error("CS refuses `{event}` in `{from}` (state kept): {rule}; allowed there: {allowed}")]
pub struct CsError {
    /// The state (kept).
    pub from: CaseState,
    /// The refused event.
    pub event: CsEvent,
    /// The rule that refuses it.
    pub rule: CsRule,
    /// The events allowed in `from`.
    pub allowed: Set<CsEvent>,
}

/// The rule refusing `event` in the state with `bits`, if any. `const` so that the
/// edge table can be computed at compile time from the rule data.
const fn refusal(bits: u8, event: CsEvent) -> Option<CsRule> {
    if bits & event.bit() != 0 {
        return Some(CsRule::AlreadyHappened(event));
    }
    let mut prerequisites: &[Prerequisite] = &PREREQUISITES;
    while let [rule, rest @ ..] = prerequisites {
        if rule.event as u8 == event as u8 && bits & rule.requires.bit() == 0 {
            return Some(CsRule::Prerequisite(*rule));
        }
        prerequisites = rest;
    }
    let mut forcing: &[Forcing] = &FORCING;
    while let [rule, rest @ ..] = forcing {
        if rule.pattern.matches(CaseState { bits }) && rule.only as u8 != event as u8 {
            return Some(CsRule::Forced(*rule));
        }
        forcing = rest;
    }
    None
}

/// Whether `bits` is one of the 32 valid states (`D ⇒ F ⇒ V`, six bits).
const fn is_valid_bits(bits: u8) -> bool {
    let v = bits & V.bit() != 0;
    let f = bits & F.bit() != 0;
    let d = bits & D.bit() != 0;
    bits < 64 && (!f || v) && (!d || f)
}

const fn count_edges() -> usize {
    let mut n: usize = 0;
    let mut bits: u8 = 0;
    while bits < 64 {
        if is_valid_bits(bits) {
            let mut events: &[CsEvent] = &CsEvent::ALL;
            while let [event, rest @ ..] = events {
                if refusal(bits, *event).is_none() {
                    n = n.saturating_add(1);
                }
                events = rest;
            }
        }
        bits = bits.saturating_add(1);
    }
    n
}

/// How many edges the rules allow (58; computed, not stated).
pub const EDGE_COUNT: usize = count_edges();

#[allow(
    clippy::indexing_slicing,
    reason = "const evaluation: an out-of-bounds write would fail the build, not panic at run time"
)]
const fn compute_edges() -> [Transition<CaseState, CsEvent>; EDGE_COUNT] {
    let placeholder = Transition::new(CaseState::INITIAL, V, CaseState::INITIAL);
    let mut table = [placeholder; EDGE_COUNT];
    let mut n: usize = 0;
    let mut bits: u8 = 0;
    while bits < 64 {
        if is_valid_bits(bits) {
            let mut events: &[CsEvent] = &CsEvent::ALL;
            while let [event, rest @ ..] = events {
                if refusal(bits, *event).is_none() {
                    let to = CaseState {
                        bits: bits | event.bit(),
                    };
                    table[n] = Transition::new(CaseState { bits }, *event, to);
                    n = n.saturating_add(1);
                }
                events = rest;
            }
        }
        bits = bits.saturating_add(1);
    }
    table
}

/// Every edge of the case-state graph, computed at compile time from
/// [`PREREQUISITES`] and [`FORCING`], ordered by source state then event.
pub const TRANSITIONS: [Transition<CaseState, CsEvent>; EDGE_COUNT] = compute_edges();

impl CaseState {
    /// `vfdpxa`: nothing has happened.
    pub const INITIAL: Self = Self { bits: 0 };
    /// `VFDPXA`: everything has happened.
    pub const FINAL: Self = Self { bits: 0b11_1111 };

    /// The state with the given vendor status and public status; every combination
    /// is valid.
    #[must_use]
    pub const fn new(vfd: Vfd, pxa: Pxa) -> Self {
        Self {
            bits: vfd.bits() | (pxa.bits() << 3),
        }
    }

    /// The state with these event bits (`V` = bit 0 … `A` = bit 5), if valid.
    #[must_use]
    pub const fn from_bits(bits: u8) -> Option<Self> {
        if is_valid_bits(bits) {
            Some(Self { bits })
        } else {
            None
        }
    }

    /// The event bits (`V` = bit 0 … `A` = bit 5).
    #[must_use]
    pub const fn bits(self) -> u8 {
        self.bits
    }

    /// Whether `event` has happened.
    #[must_use]
    pub const fn has(self, event: CsEvent) -> bool {
        self.bits & event.bit() != 0
    }

    /// The participant-specific part (`vfd`).
    #[must_use]
    pub const fn vfd(self) -> Vfd {
        Vfd::from_state_bits(self.bits)
    }

    /// The case-wide part (`pxa`).
    #[must_use]
    pub const fn pxa(self) -> Pxa {
        Pxa::from_state_bits(self.bits)
    }

    /// The state `event` leads to, or `None` if the rules refuse it.
    #[must_use]
    pub const fn next(self, event: CsEvent) -> Option<Self> {
        match refusal(self.bits, event) {
            None => Some(Self {
                bits: self.bits | event.bit(),
            }),
            Some(_) => None,
        }
    }

    /// Records `event`.
    ///
    /// # Errors
    /// [`CsError`] naming the rule: the event already happened, its prerequisite has
    /// not, or a forcing rule allows only another event.
    pub fn apply(self, event: CsEvent) -> Result<Self, CsError> {
        match refusal(self.bits, event) {
            None => Ok(Self {
                bits: self.bits | event.bit(),
            }),
            Some(rule) => Err(CsError {
                from: self,
                event,
                rule,
                allowed: self.allowed_events(),
            }),
        }
    }

    /// The events that may happen next.
    #[must_use]
    pub fn allowed_events(self) -> Set<CsEvent> {
        CsEvent::ALL
            .into_iter()
            .filter(|&e| refusal(self.bits, e).is_none())
            .collect()
    }

    /// Whether a forcing rule applies (the state is ephemeral: one event must follow).
    #[must_use]
    pub fn forced_event(self) -> Option<CsEvent> {
        FORCING
            .iter()
            .find(|rule| rule.pattern.matches(self))
            .map(|rule| rule.only)
    }

    /// Whether `pattern` matches this state.
    #[must_use]
    pub const fn matches(self, pattern: StatePattern) -> bool {
        pattern.matches(self)
    }

    /// Embargoes are negotiable: the state is `···pxa` ([reference §2](crate::reference), EMB-01/02).
    #[must_use]
    pub const fn is_embargo_viable(self) -> bool {
        self.pxa().bits() == 0
    }

    /// An embargo may start: the state is `··dpxa` (code `can_start_embargo`).
    #[must_use]
    pub const fn can_start_embargo(self) -> bool {
        self.is_embargo_viable() && !self.has(D)
    }

    /// All 32 valid states, in order of their bits.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..64u8).filter_map(Self::from_bits)
    }

    /// Every edge of the graph, as in [`TRANSITIONS`].
    pub fn edges() -> impl Iterator<Item = Transition<Self, CsEvent>> {
        TRANSITIONS.iter().copied()
    }
}

/// The Case State machine (marker type); its table is [`TRANSITIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cs;

impl Machine for Cs {
    const KIND: MachineKind = MachineKind::Cs;
    type State = CaseState;
    type Action = CsEvent;
    const INITIAL: CaseState = CaseState::INITIAL;
    const TRANSITIONS: &'static [Transition<CaseState, CsEvent>] = &TRANSITIONS;

    fn next(from: CaseState, event: CsEvent) -> Option<CaseState> {
        from.next(event)
    }

    fn allowed_actions(from: CaseState) -> Set<CsEvent> {
        from.allowed_events()
    }
}

impl crate::set::Indexed for CaseState {
    const COUNT: usize = 64;
    fn index(self) -> u8 {
        self.bits
    }
    fn from_index(index: u8) -> Option<Self> {
        Self::from_bits(index)
    }
}
