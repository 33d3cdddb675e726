//! The case's audit log, and rebuilding a case from it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::effects::Effects;
use super::entries::Entries;
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
    pub entries: Entries,
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
    pub effects: Effects,
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
        let mut case = Self::new(
            timeline.case_id.clone(),
            timeline.policy.clone(),
            timeline.created,
        );
        check_length(&timeline.entries)?;
        case.timeline.entries.reserve(timeline.entries.len());
        for (index, entry) in timeline.entries.iter().enumerate() {
            let made = case.replay_entry(index, entry)?;
            case.commit(made, entry.input.clone(), entry.at);
        }
        Ok(case)
    }

    /// [`Case::replay`], taking the timeline: its entries become the rebuilt
    /// case's as they are, each checked where it lies (no input or recorded
    /// effect is copied or moved).
    /// Loading a saved case ([`Case::from_json`], deserialising) replays this way.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use mpcvd::case::{Case, Input};
    /// use mpcvd::id::CaseId;
    /// use mpcvd::policy::Policy;
    ///
    /// let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    /// let mut case = Case::new(CaseId::new("VU#1")?, Policy::default(), t0);
    /// case.handle(Input::Tick, t0)?;
    /// assert_eq!(Case::replay_owned(case.timeline().clone())?, case);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Case::replay`].
    pub fn replay_owned(timeline: Timeline) -> Result<Self, ReplayError> {
        let Timeline {
            case_id,
            created,
            policy,
            entries,
        } = timeline;
        let mut case = Self::new(case_id, policy, created);
        check_length(&entries)?;
        for (index, entry) in entries.iter().enumerate() {
            case.replay_entry(index, entry)?;
            case.settle(entry.at);
        }
        case.timeline.entries = entries;
        Ok(case)
    }

    /// Runs `entry` (at `index`) on the case and checks that it makes the effects
    /// the entry records: those effects, staged for the caller to commit.
    fn replay_entry(&mut self, index: usize, entry: &Entry) -> Result<Effects, ReplayError> {
        let made = self
            .run(&entry.input, entry.at)
            .map_err(|error| ReplayError::Refused {
                index,
                error: self.explain(error),
            })?;
        if made.as_slice() == entry.effects.as_slice() {
            Ok(made)
        } else {
            Err(ReplayError::Diverged { index })
        }
    }
}

/// A timeline of more than [`MAX_TIMELINE`] entries is refused before any entry
/// is replayed: the entry past the bound would be.
fn check_length(entries: &Entries) -> Result<(), ReplayError> {
    if entries.len() > MAX_TIMELINE {
        return Err(ReplayError::Refused {
            index: MAX_TIMELINE,
            error: CaseError::TooLarge {
                what: Limit::Timeline,
                limit: MAX_TIMELINE,
                found: entries.len(),
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        reason = "test"
    )]

    use std::mem::size_of;

    use chrono::{Duration, TimeZone, Utc};

    use super::{Entry, Input, ReplayError};
    use crate::case::Effect;
    use crate::case::{Action, Case, ReportSummary};
    use crate::id::CaseId;
    use crate::participant::{NewParticipant, ParticipantId};
    use crate::policy::Policy;
    use crate::role::{Role, RoleSet};

    /// A case with a report submitted, validated and inquired about: entries with
    /// none, one and several effects.
    fn case() -> Case {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        let mut case = Case::new(CaseId::new("VU#1").unwrap(), Policy::default(), t0);
        let (f, v) = (
            ParticipantId::new("f").unwrap(),
            ParticipantId::new("v").unwrap(),
        );
        for (id, role) in [(&f, Role::Finder), (&v, Role::Vendor)] {
            let new = NewParticipant::new(id.clone(), "p", RoleSet::of(&[role]));
            let by = case.owner().cloned();
            case.handle(
                Input::AddParticipant {
                    participant: new.into(),
                    by,
                },
                t0,
            )
            .unwrap();
        }
        let report = ReportSummary::new("overflow", "");
        let acts = [
            (&f, Action::submit(v.clone(), report)),
            (&v, Action::Validate),
            (
                &v,
                Action::Inquire {
                    text: "fix date?".into(),
                },
            ),
        ];
        for (minutes, (actor, action)) in (1..).zip(acts) {
            let input = Input::Act {
                actor: actor.clone(),
                action,
            };
            case.handle(input, t0 + Duration::minutes(minutes)).unwrap();
        }
        case
    }

    /// Replaying a borrowed timeline and one taken rebuild the same case, and both
    /// find the first entry whose recorded effects its input does not produce.
    #[test]
    fn both_replays_rebuild_the_case_and_find_a_divergence() {
        let case = case();
        let timeline = case.timeline().clone();
        assert_eq!(Case::replay(&timeline).unwrap(), case);
        assert_eq!(Case::replay_owned(timeline.clone()).unwrap(), case);
        for index in 0..timeline.entries.len() {
            let mut wrong = timeline.clone();
            let effects = &mut wrong.entries[index].effects;
            if effects.pop().is_none() {
                effects.push(Effect::Deadline(crate::case::Deadline {
                    at: wrong.created,
                    kind: crate::case::DeadlineKind::EmbargoEnds,
                }));
            }
            let diverged = ReplayError::Diverged { index };
            assert_eq!(Case::replay(&wrong).unwrap_err(), diverged);
            assert_eq!(Case::replay_owned(wrong).unwrap_err(), diverged);
        }
    }

    /// A timeline stores every accepted input with its effects, and each input is
    /// moved into it (and cloned on a borrowed replay): an enum is as large as its largest
    /// variant, so a rare large one (a policy, a newcomer's registration, a report,
    /// an advisory) would set the memory and copying cost of every entry. Those are
    /// boxed; this keeps a new inline one from undoing that unnoticed.
    #[test]
    fn timeline_entries_stay_small() {
        assert!(size_of::<Input>() <= 96, "Input: {}", size_of::<Input>());
        // 88: an id is held inline (16 bytes with no spare bit pattern), so
        // `Origin::Case` takes a tag word of its own.
        assert!(size_of::<Effect>() <= 88, "Effect: {}", size_of::<Effect>());
        // Two effects inline (`Effects`) and a length: an input with two effects
        // or fewer allocates nothing for them, for an entry of 280 bytes where a
        // `Vec` made 128 and a heap block of 88 bytes per effect.
        let effects = size_of::<crate::case::Effects>();
        assert!(effects <= 2 * 88 + 8, "Effects: {effects}");
        assert!(size_of::<Entry>() <= 280, "Entry: {}", size_of::<Entry>());
    }
}
