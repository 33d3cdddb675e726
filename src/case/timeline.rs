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
        let entries = timeline
            .entries
            .iter()
            .map(|e| (e.at, e.input.clone(), Recorded::Seen(&e.effects)));
        Self::replay_entries(
            Self::new(
                timeline.case_id.clone(),
                timeline.policy.clone(),
                timeline.created,
            ),
            timeline.entries.len(),
            entries,
        )
    }

    /// [`Case::replay`], taking the timeline: each entry's input and recorded
    /// effects move into the rebuilt case rather than being copied, and the
    /// effects each input produces are made in one reused list to be compared.
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
        let count = entries.len();
        let entries = entries
            .into_iter()
            .map(|e| (e.at, e.input, Recorded::Taken(e.effects)));
        Self::replay_entries(Self::new(case_id, policy, created), count, entries)
    }

    /// Handles each of `count` entries on `case` (just opened), checking the
    /// effects each records.
    fn replay_entries<'t>(
        mut case: Self,
        count: usize,
        entries: impl Iterator<Item = (DateTime<Utc>, Input, Recorded<'t>)>,
    ) -> Result<Self, ReplayError> {
        // Refused before any entry is replayed: the entry past the bound would be.
        if count > MAX_TIMELINE {
            return Err(ReplayError::Refused {
                index: MAX_TIMELINE,
                error: CaseError::TooLarge {
                    what: Limit::Timeline,
                    limit: MAX_TIMELINE,
                    found: count,
                },
            });
        }
        case.timeline.entries.reserve_exact(count);
        // The list effects are made in: reused while the recorded ones are kept.
        let mut made = Vec::new();
        for (index, (at, input, recorded)) in entries.enumerate() {
            let effects = case
                .run(&input, at, made)
                .map_err(|error| ReplayError::Refused {
                    index,
                    error: case.explain(error),
                })?;
            if effects != recorded.as_slice() {
                return Err(ReplayError::Diverged { index });
            }
            let kept = match recorded {
                Recorded::Taken(recorded) => {
                    made = effects;
                    made.clear();
                    recorded
                }
                Recorded::Seen(_) => {
                    made = Vec::new();
                    effects
                }
            };
            case.commit(kept, input, at);
        }
        Ok(case)
    }
}

/// An entry's recorded effects, as a replay finds them.
enum Recorded<'t> {
    /// In a borrowed timeline: compared, and the effects made are kept.
    Seen(&'t [Effect]),
    /// In a timeline taken: compared and kept.
    Taken(Vec<Effect>),
}

impl Recorded<'_> {
    fn as_slice(&self) -> &[Effect] {
        match self {
            Self::Seen(effects) => effects,
            Self::Taken(effects) => effects,
        }
    }
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

    use super::{Effect, Entry, Input, ReplayError};
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
