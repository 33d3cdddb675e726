//! Case-state models as data: events, hard orderings, forcing rules and desiderata.
//!
//! [`ProcessModel::standard`] is the six-event model of reference §3, built from the
//! rule tables of [`crate::cs`] ([`PREREQUISITES`], [`FORCING`]) so that it cannot
//! drift from the typed [`CaseState`](crate::cs::CaseState) machine. Variants are
//! written in JSON ([`ModelSpec`]) and validated on load ([`ModelError`]).

use core::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::cs::{CsEvent, FORCING, PREREQUISITES};
use crate::set::Indexed;

/// The most events a model may have (a state is a 16-bit set).
pub const MAX_EVENTS: usize = 16;

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
/// `only` may happen next (reference §3 constraints 2 and 3).
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

/// The JSON form of a model, before validation. See `examples/models/*.json`.
///
/// ```json
/// { "name": "standard",
///   "events": [{"letter": "V", "name": "vendor aware"}, …],
///   "orderings": ["V<F", "F<D"],
///   "forcing": [{"pattern": "v..P..", "only": "V", "note": "…"}],
///   "desiderata": ["V<P", …] }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Short name.
    pub name: String,
    /// What the model is for and why its rules are what they are.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The events, 1 to 16, in state-string order.
    pub events: Vec<EventSpec>,
    /// Hard orderings `"A<B"`: `B` may only happen once `A` has.
    #[serde(default)]
    pub orderings: Vec<String>,
    /// Forcing rules.
    #[serde(default)]
    pub forcing: Vec<ForcingSpec>,
    /// The desiderata to score, `"A<B"`.
    #[serde(default)]
    pub desiderata: Vec<String>,
}

/// The JSON form of a forcing rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForcingSpec {
    /// One position per event, in order: the upper-case letter (happened), the
    /// lower-case letter (not yet) or `.` (either; `·` and `?` are accepted too).
    pub pattern: String,
    /// The letter of the only event allowed next.
    pub only: char,
    /// Why the rule exists.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Why a model is refused. Every message names the offending item.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The text is not JSON of the expected shape.
    #[error("model file is not valid: {message}")]
    Json {
        /// serde_json's message, with line and column.
        message: String,
    },
    /// No events, or more than [`MAX_EVENTS`].
    #[error("a model needs 1 to {MAX_EVENTS} events; this one has {count}")]
    EventCount {
        /// How many were given.
        count: usize,
    },
    /// An event letter is not `A`–`Z`.
    #[error("event letter `{letter}` must be one upper-case ASCII letter A-Z")]
    BadLetter {
        /// The letter given.
        letter: char,
    },
    /// Two events share a letter.
    #[error("event letter `{letter}` is used twice")]
    DuplicateLetter {
        /// The letter.
        letter: char,
    },
    /// An ordering or desideratum is not of the form `A<B`.
    #[error("{context} `{text}` is not of the form `A<B` (two event letters)")]
    BadPrecedence {
        /// `ordering` or `desideratum`.
        context: &'static str,
        /// The text given.
        text: String,
    },
    /// A letter that is not one of the model's events.
    #[error("{context} `{text}` names unknown event `{letter}`; the events are {known}")]
    UnknownEvent {
        /// Where it was found.
        context: &'static str,
        /// The text it was found in.
        text: String,
        /// The unknown letter.
        letter: char,
        /// The model's letters.
        known: String,
    },
    /// `A<A`.
    #[error("{context} `{text}` relates an event to itself")]
    SelfPrecedence {
        /// `ordering` or `desideratum`.
        context: &'static str,
        /// The text given.
        text: String,
    },
    /// The same ordering or desideratum twice.
    #[error("{context} `{text}` is listed twice")]
    Duplicate {
        /// `ordering` or `desideratum`.
        context: &'static str,
        /// The text given.
        text: String,
    },
    /// The hard orderings contain a cycle, so no history can complete.
    #[error("the orderings are cyclic: {cycle}; no complete history exists")]
    CyclicOrderings {
        /// The cycle, e.g. `V<F<D<V`.
        cycle: String,
    },
    /// A forcing pattern is malformed.
    #[error("forcing pattern `{pattern}`: {reason}")]
    BadPattern {
        /// The pattern given.
        pattern: String,
        /// What is wrong.
        reason: String,
    },
    /// A reachable state other than the final one allows no event: the rules
    /// contradict each other there.
    #[error(
        "state `{state}` is reachable but no event may follow it (the orderings and forcing rules contradict each other there)"
    )]
    DeadEnd {
        /// The state, e.g. `vfdPXa`.
        state: String,
    },
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
    name: String,
    description: String,
    events: Vec<EventSpec>,
    orderings: Vec<Precedence>,
    forcing: Vec<ForcingRule>,
    desiderata: Vec<Precedence>,
}

/// The twelve desiderata of reference §4, in the reference's order.
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
    /// Vultron's case-state model (reference §3): events `V F D P X A`, orderings
    /// `V<F`, `F<D` ([`PREREQUISITES`]), the forcing rules `v··P··` → `V` and
    /// `···pX·` → `P` ([`FORCING`]), and the twelve desiderata of reference §4.
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

    /// Parses and validates a model from JSON.
    ///
    /// # Errors
    /// [`ModelError::Json`] for malformed JSON or unknown fields; any other
    /// [`ModelError`] for a model whose rules are inconsistent.
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        let spec: ModelSpec = serde_json::from_str(text).map_err(|e| ModelError::Json {
            message: e.to_string(),
        })?;
        Self::try_from(spec)
    }

    /// The model as pretty-printed JSON (the [`ModelSpec`] form).
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_spec()).unwrap_or_default()
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

    /// Parses `"V<P"` (also `"V≺P"`, spaces allowed) against this model's letters.
    ///
    /// # Errors
    /// [`ModelError::BadPrecedence`], [`ModelError::UnknownEvent`] or
    /// [`ModelError::SelfPrecedence`].
    pub fn parse_precedence(&self, text: &str) -> Result<Precedence, ModelError> {
        parse_precedence(&self.events, "desideratum", text)
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

    /// This model's JSON form.
    #[must_use]
    pub fn to_spec(&self) -> ModelSpec {
        ModelSpec {
            name: self.name.clone(),
            description: self.description.clone(),
            events: self.events.clone(),
            orderings: self
                .orderings
                .iter()
                .map(|&p| self.precedence_text(p))
                .collect(),
            forcing: self
                .forcing
                .iter()
                .map(|rule| ForcingSpec {
                    pattern: self.pattern_text(rule),
                    only: self.letter(rule.only),
                    note: rule.note.clone(),
                })
                .collect(),
            desiderata: self
                .desiderata
                .iter()
                .map(|&p| self.precedence_text(p))
                .collect(),
        }
    }

    /// The same model with other desiderata to score.
    #[must_use]
    pub fn with_desiderata(mut self, desiderata: Vec<Precedence>) -> Self {
        self.desiderata = desiderata;
        self
    }

    /// Every reachable state, and the first dead end if any (a reachable state other
    /// than the final one that allows nothing).
    fn check_dead_ends(&self) -> Result<(), ModelError> {
        let final_state = self.final_state();
        let size = 1usize
            .checked_shl(u32::try_from(self.events.len()).unwrap_or(0))
            .unwrap_or(0);
        let mut seen = vec![false; size];
        let mut stack = vec![EventSet::EMPTY];
        while let Some(state) = stack.pop() {
            let allowed = self.allowed(state);
            if allowed.is_empty() && state != final_state {
                return Err(ModelError::DeadEnd {
                    state: self.state_text(state),
                });
            }
            for e in allowed.iter() {
                let next = state.with(e);
                if let Some(slot) = seen.get_mut(usize::from(next.bits()))
                    && !*slot
                {
                    *slot = true;
                    stack.push(next);
                }
            }
        }
        Ok(())
    }
}

fn known_letters(events: &[EventSpec]) -> String {
    events.iter().map(|e| e.letter).collect()
}

fn lookup(
    events: &[EventSpec],
    context: &'static str,
    text: &str,
    letter: char,
) -> Result<EventId, ModelError> {
    events
        .iter()
        .position(|e| e.letter == letter)
        .and_then(EventId::new)
        .ok_or_else(|| ModelError::UnknownEvent {
            context,
            text: text.to_owned(),
            letter,
            known: known_letters(events),
        })
}

fn parse_precedence(
    events: &[EventSpec],
    context: &'static str,
    text: &str,
) -> Result<Precedence, ModelError> {
    let bad = || ModelError::BadPrecedence {
        context,
        text: text.to_owned(),
    };
    let (left, right) = text
        .split_once('<')
        .or_else(|| text.split_once('≺'))
        .ok_or_else(bad)?;
    let single = |s: &str| {
        let mut chars = s.trim().chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    let (a, b) = (
        single(left).ok_or_else(bad)?,
        single(right).ok_or_else(bad)?,
    );
    let before = lookup(events, context, text, a)?;
    let after = lookup(events, context, text, b)?;
    if before == after {
        return Err(ModelError::SelfPrecedence {
            context,
            text: text.to_owned(),
        });
    }
    Ok(Precedence { before, after })
}

fn parse_precedences(
    events: &[EventSpec],
    context: &'static str,
    texts: &[String],
) -> Result<Vec<Precedence>, ModelError> {
    let mut out: Vec<Precedence> = Vec::with_capacity(texts.len());
    for text in texts {
        let p = parse_precedence(events, context, text)?;
        if out.contains(&p) {
            return Err(ModelError::Duplicate {
                context,
                text: text.clone(),
            });
        }
        out.push(p);
    }
    Ok(out)
}

fn parse_forcing(events: &[EventSpec], spec: &ForcingSpec) -> Result<ForcingRule, ModelError> {
    let bad = |reason: String| ModelError::BadPattern {
        pattern: spec.pattern.clone(),
        reason,
    };
    let found = spec.pattern.chars().count();
    if found != events.len() {
        return Err(bad(format!(
            "has {found} positions; expected {} (one per event, in the order {})",
            events.len(),
            known_letters(events)
        )));
    }
    let mut set = EventSet::EMPTY;
    let mut clear = EventSet::EMPTY;
    for ((position, c), (event, id)) in spec.pattern.chars().enumerate().zip(
        events
            .iter()
            .zip((0..events.len()).filter_map(EventId::new)),
    ) {
        if c == event.letter {
            set = set.with(id);
        } else if c == event.letter.to_ascii_lowercase() {
            clear = clear.with(id);
        } else if !matches!(c, '.' | '·' | '?') {
            return Err(bad(format!(
                "position {} must be `{}`, `{}` or `.`, found `{c}`",
                position.saturating_add(1),
                event.letter.to_ascii_lowercase(),
                event.letter
            )));
        }
    }
    let only = lookup(events, "forcing rule", &spec.pattern, spec.only)?;
    if !clear.contains(only) {
        return Err(bad(format!(
            "the forced event `{}` must be lower-case (not yet happened) in the pattern",
            spec.only
        )));
    }
    Ok(ForcingRule {
        set,
        clear,
        only,
        note: spec.note.clone(),
    })
}

/// Finds a cycle in the orderings (depth-first search), as `A<B<C<A`.
fn find_cycle(events: &[EventSpec], orderings: &[Precedence]) -> Option<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    fn visit(
        node: EventId,
        orderings: &[Precedence],
        marks: &mut [Mark],
        path: &mut Vec<EventId>,
    ) -> Option<Vec<EventId>> {
        if let Some(m) = marks.get_mut(node.index()) {
            *m = Mark::Active;
        }
        path.push(node);
        for next in orderings
            .iter()
            .filter(|o| o.before == node)
            .map(|o| o.after)
        {
            match marks.get(next.index()) {
                Some(Mark::Active) => {
                    let start = path.iter().position(|&e| e == next).unwrap_or(0);
                    let mut cycle: Vec<EventId> = path.iter().skip(start).copied().collect();
                    cycle.push(next);
                    return Some(cycle);
                }
                Some(Mark::New) => {
                    if let Some(cycle) = visit(next, orderings, marks, path) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        if let Some(m) = marks.get_mut(node.index()) {
            *m = Mark::Done;
        }
        None
    }
    let mut marks = vec![Mark::New; events.len()];
    for start in (0..events.len()).filter_map(EventId::new) {
        if marks.get(start.index()) == Some(&Mark::New) {
            let mut path = Vec::new();
            if let Some(cycle) = visit(start, orderings, &mut marks, &mut path) {
                let letters: Vec<String> = cycle
                    .iter()
                    .map(|e| events.get(e.index()).map_or('?', |s| s.letter).to_string())
                    .collect();
                return Some(letters.join("<"));
            }
        }
    }
    None
}

impl TryFrom<ModelSpec> for ProcessModel {
    type Error = ModelError;

    fn try_from(spec: ModelSpec) -> Result<Self, ModelError> {
        let count = spec.events.len();
        if count == 0 || count > MAX_EVENTS {
            return Err(ModelError::EventCount { count });
        }
        for (i, event) in spec.events.iter().enumerate() {
            if !event.letter.is_ascii_uppercase() {
                return Err(ModelError::BadLetter {
                    letter: event.letter,
                });
            }
            if spec.events.iter().take(i).any(|e| e.letter == event.letter) {
                return Err(ModelError::DuplicateLetter {
                    letter: event.letter,
                });
            }
        }
        let orderings = parse_precedences(&spec.events, "ordering", &spec.orderings)?;
        if let Some(cycle) = find_cycle(&spec.events, &orderings) {
            return Err(ModelError::CyclicOrderings { cycle });
        }
        let forcing = spec
            .forcing
            .iter()
            .map(|f| parse_forcing(&spec.events, f))
            .collect::<Result<Vec<_>, _>>()?;
        let desiderata = parse_precedences(&spec.events, "desideratum", &spec.desiderata)?;
        let model = Self {
            name: spec.name,
            description: spec.description,
            events: spec.events,
            orderings,
            forcing,
            desiderata,
        };
        model.check_dead_ends()?;
        Ok(model)
    }
}

impl From<ProcessModel> for ModelSpec {
    fn from(model: ProcessModel) -> Self {
        model.to_spec()
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
