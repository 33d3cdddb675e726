//! Case-state models as data: events, hard orderings, forcing rules and desiderata.
//!
//! [`ProcessModel::standard`] is the six-event model of [reference §3](crate::reference), built from the
//! rule tables of [`crate::cs`] ([`PREREQUISITES`], [`FORCING`]) so that it cannot
//! drift from the typed [`CaseState`](crate::cs::CaseState) machine. Variants are
//! written in JSON ([`ModelSpec`], in `spec.rs`) and validated on load
//! ([`ModelError`](super::ModelError)).

use core::fmt;

use serde::{Deserialize, Serialize};

use super::spec::{ModelSpec, known_letters};
use crate::cs::{CsEvent, FORCING, PREREQUISITES};
use crate::set::Indexed;

/// The most events a model may have (a state is a 16-bit set).
pub const MAX_EVENTS: usize = 16;

/// The most forcing rules a model may have. Every state consults every rule, so
/// the rules bound the work of loading and analysing a model (at most 65,536 states
/// × 1,024 rules); orderings and desiderata need no bound of their own, since a
/// repeated one is refused (at most 16 × 15 of each).
pub const MAX_FORCING: usize = 1024;

/// An event of a model: its position in the model's event list (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId(u8);

impl EventId {
    /// The event at `index`, if `index < MAX_EVENTS`.
    #[must_use]
    pub fn new(index: usize) -> Option<Self> {
        u8::try_from(index)
            .ok()
            .filter(|&i| usize::from(i) < MAX_EVENTS)
            .map(Self)
    }

    /// The position in the model's event list.
    #[must_use]
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// The event's bit in an [`EventSet`].
    #[must_use]
    pub fn bit(self) -> u16 {
        1u16.checked_shl(u32::from(self.0)).unwrap_or(0)
    }
}

/// A set of events of one model: a state is the set of events that have happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct EventSet(u16);

impl EventSet {
    /// No event.
    pub const EMPTY: Self = Self(0);

    /// The set with these bits (bit `i` = event `i`).
    #[must_use]
    pub const fn from_bits(bits: u16) -> Self {
        Self(bits)
    }

    /// The bits (bit `i` = event `i`).
    #[must_use]
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether `event` is in the set.
    #[must_use]
    pub fn contains(self, event: EventId) -> bool {
        self.0 & event.bit() != 0
    }

    /// This set with `event` added.
    #[must_use]
    pub fn with(self, event: EventId) -> Self {
        Self(self.0 | event.bit())
    }

    /// Whether every member of `self` is in `other`.
    #[must_use]
    pub const fn is_subset(self, other: Self) -> bool {
        self.0 & other.0 == self.0
    }

    /// Members in both sets.
    #[must_use]
    pub const fn intersection(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// How many events are in the set.
    #[must_use]
    pub const fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// Whether the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members, lowest index first.
    pub fn iter(self) -> impl Iterator<Item = EventId> {
        (0..MAX_EVENTS)
            .filter_map(EventId::new)
            .filter(move |e| self.contains(*e))
    }
}

/// One event of a model: a single upper-case letter and a human name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// `A`–`Z`; its lower-case form means "not yet" in states and patterns.
    pub letter: char,
    /// E.g. "vendor aware".
    pub name: String,
}

/// `before ≺ after`: a hard ordering (the later event needs the earlier one) or a
/// desideratum (the order we hope to observe). Written `"V<P"` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Precedence {
    /// The event that should come first.
    pub before: EventId,
    /// The event that should come second.
    pub after: EventId,
}

/// In a state matching the pattern (`set` all happened, `clear` none happened), only
/// `only` may happen next ([reference §3](crate::reference) constraints 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ForcingRule {
    /// Events that must have happened.
    pub set: EventSet,
    /// Events that must not have happened.
    pub clear: EventSet,
    /// The single event allowed next.
    pub only: EventId,
    /// Why the rule exists (free text, may be empty).
    pub note: String,
}

impl ForcingRule {
    /// Whether `state` matches the rule's pattern.
    #[must_use]
    pub const fn matches(&self, state: EventSet) -> bool {
        self.set.is_subset(state) && self.clear.intersection(state).is_empty()
    }
}

/// A validated case-state model. Build one with [`ProcessModel::standard`], from
/// JSON with [`ProcessModel::from_json`], or from a [`ModelSpec`] with `try_from`.
///
/// The successor rule ([`ProcessModel::allowed`]): in state `s`, an event `e` may
/// happen when it has not happened, every ordering `a<e` has `a ∈ s`, and every
/// forcing rule matching `s` names `e`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ModelSpec", into = "ModelSpec")]
pub struct ProcessModel {
    pub(super) name: String,
    pub(super) description: String,
    pub(super) events: Vec<EventSpec>,
    pub(super) orderings: Vec<Precedence>,
    pub(super) forcing: Vec<ForcingRule>,
    pub(super) desiderata: Vec<Precedence>,
}

/// The twelve desiderata of [reference §4](crate::reference), in the reference's order.
pub const STANDARD_DESIDERATA: [(CsEvent, CsEvent); 12] = {
    use CsEvent::{
        AttacksObserved as A, ExploitPublic as X, FixDeployed as D, FixReady as F,
        PublicAware as P, VendorAware as V,
    };
    [
        (V, P),
        (V, X),
        (V, A),
        (F, P),
        (F, X),
        (F, A),
        (D, P),
        (D, X),
        (D, A),
        (P, X),
        (P, A),
        (X, A),
    ]
};

fn cs_id(event: CsEvent) -> EventId {
    EventId(event.index())
}

fn cs_name(event: CsEvent) -> &'static str {
    match event {
        CsEvent::VendorAware => "vendor aware",
        CsEvent::FixReady => "fix ready",
        CsEvent::FixDeployed => "fix deployed",
        CsEvent::PublicAware => "public aware",
        CsEvent::ExploitPublic => "exploit public",
        CsEvent::AttacksObserved => "attacks observed",
    }
}

impl ProcessModel {
    /// Vultron's case-state model ([reference §3](crate::reference)): events `V F D P X A`, orderings
    /// `V<F`, `F<D` ([`PREREQUISITES`]), the forcing rules `v··P··` → `V` and
    /// `···pX·` → `P` ([`FORCING`]), and the twelve desiderata of [reference §4](crate::reference).
    #[must_use]
    pub fn standard() -> Self {
        let bits = |b: u8| EventSet(u16::from(b));
        Self {
            name: "standard".to_owned(),
            description: "Vultron's case-state model (reference §3): the vendor fix path V<F<D; \
                          the vendor knows no later than the public (v..P.. may only take V); \
                          a public exploit makes the public aware (...pX. may only take P)."
                .to_owned(),
            events: CsEvent::ALL
                .iter()
                .map(|&e| EventSpec {
                    letter: e.letter(),
                    name: cs_name(e).to_owned(),
                })
                .collect(),
            orderings: PREREQUISITES
                .iter()
                .map(|rule| Precedence {
                    before: cs_id(rule.requires),
                    after: cs_id(rule.event),
                })
                .collect(),
            forcing: FORCING
                .iter()
                .map(|rule| ForcingRule {
                    set: bits(rule.pattern.set_bits()),
                    clear: bits(rule.pattern.clear_bits()),
                    only: cs_id(rule.only),
                    note: if rule.only == CsEvent::VendorAware {
                        "the vendor knows no later than the public".to_owned()
                    } else {
                        "a public exploit makes the public aware".to_owned()
                    },
                })
                .collect(),
            desiderata: STANDARD_DESIDERATA
                .iter()
                .map(|&(before, after)| Precedence {
                    before: cs_id(before),
                    after: cs_id(after),
                })
                .collect(),
        }
    }

    /// The model's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The model's description.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The events, in state-string order.
    #[must_use]
    pub fn events(&self) -> &[EventSpec] {
        &self.events
    }

    /// The event ids, in order.
    pub fn event_ids(&self) -> impl Iterator<Item = EventId> + use<> {
        (0..self.events.len()).filter_map(EventId::new)
    }

    /// How many events the model has.
    #[must_use]
    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// The hard orderings.
    #[must_use]
    pub fn orderings(&self) -> &[Precedence] {
        &self.orderings
    }

    /// The forcing rules.
    #[must_use]
    pub fn forcing(&self) -> &[ForcingRule] {
        &self.forcing
    }

    /// The desiderata to score.
    #[must_use]
    pub fn desiderata(&self) -> &[Precedence] {
        &self.desiderata
    }

    /// The state where nothing has happened.
    #[must_use]
    pub const fn initial(&self) -> EventSet {
        EventSet::EMPTY
    }

    /// The state where everything has happened.
    #[must_use]
    pub fn final_state(&self) -> EventSet {
        self.event_ids().fold(EventSet::EMPTY, EventSet::with)
    }

    /// The events allowed next in `state` (see the type's docs for the rule).
    #[must_use]
    pub fn allowed(&self, state: EventSet) -> EventSet {
        let mut allowed = self
            .event_ids()
            .filter(|&e| !state.contains(e))
            .filter(|&e| {
                self.orderings
                    .iter()
                    .all(|o| o.after != e || state.contains(o.before))
            })
            .fold(EventSet::EMPTY, EventSet::with);
        for rule in self.forcing.iter().filter(|r| r.matches(state)) {
            allowed = allowed.intersection(EventSet::EMPTY.with(rule.only));
        }
        allowed
    }

    /// The event's letter (`?` for an id outside the model).
    #[must_use]
    pub fn letter(&self, event: EventId) -> char {
        self.events.get(event.index()).map_or('?', |e| e.letter)
    }

    /// The event with this letter (upper-case; lower-case is accepted too).
    #[must_use]
    pub fn event(&self, letter: char) -> Option<EventId> {
        let upper = letter.to_ascii_uppercase();
        self.events
            .iter()
            .position(|e| e.letter == upper)
            .and_then(EventId::new)
    }

    /// The state as letters, upper-case for events that happened: `VFdPxa`.
    #[must_use]
    pub fn state_text(&self, state: EventSet) -> String {
        self.events
            .iter()
            .zip(self.event_ids())
            .map(|(spec, id)| {
                if state.contains(id) {
                    spec.letter
                } else {
                    spec.letter.to_ascii_lowercase()
                }
            })
            .collect()
    }

    /// A sequence of events as letters: `VFDPXA`.
    #[must_use]
    pub fn sequence_text(&self, events: &[EventId]) -> String {
        events.iter().map(|&e| self.letter(e)).collect()
    }

    /// `"V<P"`.
    #[must_use]
    pub fn precedence_text(&self, p: Precedence) -> String {
        format!("{}<{}", self.letter(p.before), self.letter(p.after))
    }

    /// The pattern of a forcing rule as text, `.` for "either".
    #[must_use]
    pub fn pattern_text(&self, rule: &ForcingRule) -> String {
        self.events
            .iter()
            .zip(self.event_ids())
            .map(|(spec, id)| {
                if rule.set.contains(id) {
                    spec.letter
                } else if rule.clear.contains(id) {
                    spec.letter.to_ascii_lowercase()
                } else {
                    '.'
                }
            })
            .collect()
    }

    /// The same model with other desiderata to score.
    #[must_use]
    pub fn with_desiderata(mut self, desiderata: Vec<Precedence>) -> Self {
        self.desiderata = desiderata;
        self
    }
}

impl fmt::Display for ProcessModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} events: {})",
            self.name,
            self.events.len(),
            known_letters(&self.events)
        )
    }
}
