//! The case's audit log, and rebuilding a case from it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::effect::Effect;
use super::error::CaseError;
use super::error::Limit;
use super::input::Input;
use super::{Case, MAX_TIMELINE};
use crate::id::CaseId;
use crate::policy::Policy;

/// Everything needed to rebuild a case: how it began and every accepted input with
/// the effects it produced, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// The case's id.
    pub case_id: CaseId,
    /// When the case was opened.
    pub created: DateTime<Utc>,
    /// The policy the case was opened under.
    pub policy: Policy,
    /// The accepted inputs, oldest first.
    pub entries: Vec<Entry>,
}

/// One accepted input and what it produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// When it was handled.
    pub at: DateTime<Utc>,
    /// The input.
    pub input: Input,
    /// The effects it produced.
    pub effects: Vec<Effect>,
}

/// A timeline that does not rebuild the case it claims to.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// An entry's input is refused when replayed.
    #[error("timeline entry {index} is refused on replay: {error}")]
    Refused {
        /// The entry's position.
        index: usize,
        /// Why.
        error: CaseError,
    },
    /// An entry's recorded effects differ from what its input produces.
    #[error("timeline entry {index} records effects its input does not produce")]
    Diverged {
        /// The entry's position.
        index: usize,
    },
}

impl Case {
    /// Rebuilds a case from its timeline: opens it as recorded and handles every
    /// entry's input at its time, checking each entry's recorded effects.
    ///
    /// # Errors
    /// [`ReplayError`] naming the first entry that is refused or diverges; a
    /// timeline of more than [`MAX_TIMELINE`] entries is refused at once (entry
    /// `MAX_TIMELINE`, [`CaseError::TooLarge`]).
    pub fn replay(timeline: &Timeline) -> Result<Self, ReplayError> {
        // Refused before any entry is replayed: the entry past the bound would be.
        let entries = timeline.entries.len();
        if entries > MAX_TIMELINE {
            return Err(ReplayError::Refused {
                index: MAX_TIMELINE,
                error: CaseError::TooLarge {
                    what: Limit::Timeline,
                    limit: MAX_TIMELINE,
                    found: entries,
                },
            });
        }
        let mut case = Self::new(
            timeline.case_id.clone(),
            timeline.policy.clone(),
            timeline.created,
        );
        case.timeline.entries.reserve_exact(timeline.entries.len());
        for (index, entry) in timeline.entries.iter().enumerate() {
            let effects = case
                .handle(entry.input.clone(), entry.at)
                .map_err(|error| ReplayError::Refused { index, error })?;
            if effects != entry.effects.as_slice() {
                return Err(ReplayError::Diverged { index });
            }
        }
        Ok(case)
    }
}

#[cfg(test)]
mod tests {
    use std::mem::size_of;

    use super::{Effect, Entry, Input};

    /// A timeline stores every accepted input with its effects, and each input is
    /// cloned into it (and again on replay): an enum is as large as its largest
    /// variant, so a rare large one (a policy, a newcomer's registration, a report,
    /// an advisory) would set the memory and copying cost of every entry. Those are
    /// boxed; this keeps a new inline one from undoing that unnoticed.
    #[test]
    fn timeline_entries_stay_small() {
        assert!(size_of::<Input>() <= 96, "Input: {}", size_of::<Input>());
        // 88: an id is held inline (16 bytes with no spare bit pattern), so
        // `Origin::Case` takes a tag word of its own.
        assert!(size_of::<Effect>() <= 88, "Effect: {}", size_of::<Effect>());
        assert!(size_of::<Entry>() <= 128, "Entry: {}", size_of::<Entry>());
    }
}
