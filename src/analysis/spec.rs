//! The JSON form of a model ([`ModelSpec`]) and its validation ([`ModelError`]).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::variant::{
    EventId, EventSet, EventSpec, ForcingRule, MAX_EVENTS, MAX_FORCING, Precedence, ProcessModel,
};

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
    #[error("model file is not valid: {}{message}", crate::decode::at(path))]
    Json {
        /// The field path of the fault (`events[1].letter`), empty for the
        /// document as a whole.
        path: String,
        /// serde_json's message, with line and column.
        message: String,
    },
    /// No events, or more than [`MAX_EVENTS`].
    #[error("a model needs 1 to {MAX_EVENTS} events; this one has {count}")]
    EventCount {
        /// How many were given.
        count: usize,
    },
    /// More than [`MAX_FORCING`] forcing rules.
    #[error("forcing: a model may have at most {MAX_FORCING} forcing rules; this one has {count}")]
    ForcingCount {
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

impl ProcessModel {
    /// Parses and validates a model from JSON.
    ///
    /// # Errors
    /// [`ModelError::Json`] for malformed JSON or unknown fields; any other
    /// [`ModelError`] for a model whose rules are inconsistent.
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        let spec: ModelSpec = crate::decode::json("model", text).map_err(|e| ModelError::Json {
            message: format!("{}{}", e.message, crate::decode::position(e.line, e.column)),
            path: e.path,
        })?;
        Self::try_from(spec)
    }

    /// The model as pretty-printed JSON (the [`ModelSpec`] form).
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_spec()).unwrap_or_default()
    }

    /// Parses `"V<P"` (also `"V≺P"`, spaces allowed) against this model's letters.
    ///
    /// # Errors
    /// [`ModelError::BadPrecedence`], [`ModelError::UnknownEvent`] or
    /// [`ModelError::SelfPrecedence`].
    pub fn parse_precedence(&self, text: &str) -> Result<Precedence, ModelError> {
        parse_precedence(&self.events, "desideratum", text)
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

pub(super) fn known_letters(events: &[EventSpec]) -> String {
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
        if spec.forcing.len() > MAX_FORCING {
            return Err(ModelError::ForcingCount {
                count: spec.forcing.len(),
            });
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
