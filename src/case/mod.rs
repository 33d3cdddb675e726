//! The case: a pure multi-party coordination engine.
//!
//! A [`Case`] is one vulnerability case as a tracker holds it: its participants
//! with their report-management state, fix status and embargo consent; the one
//! embargo with its terms; the public facts `pxa`; and the timeline of every input
//! it accepted.
//!
//! # The drive loop
//! Hand the case each [`Input`] with the time it happened: `case.handle(input, now)`.
//! It checks the input against the protocol and, only if every check passes, commits
//! the change, appends one timeline entry and returns the [`Effect`]s: messages the
//! protocol requires to be sent, deadlines to call back at, warnings. A refused input
//! returns a [`CaseError`] and leaves the case exactly as it was. The case never
//! reads a clock, sends, stores or sleeps; `now` must not go backwards. When a
//! [`Deadline`] effect says "at T", call `handle(Input::Tick, T)` (or pass any later
//! input): an embargo whose end has passed ends before the input is applied.
//!
//! # Messages, actions and the hub
//! The case is the hub every exchange passes through, as in Vultron's case actor:
//! - [`Input::Act`]: a participant decides something (validate, propose an embargo,
//!   publish…). The case applies the sender's transition, applies receipt to the
//!   audience (the other members reached and not closed; `Submit` names its one
//!   recipient), and returns the messages to send.
//! - [`Input::Message`]: a message from a peer arrived. The case checks the sender
//!   may send it, applies it the same way, and returns the replies the recipients
//!   owe (`RK`, `EK`, `CK`, `GK`, error replies, `ER`/`ET` after disclosure).
//!
//! Rules cited as [reference §N](crate::reference) are in [`crate::reference`].

/// Implements `Debug` (as a list) and `Serialize` (as a sequence: the JSON array
/// a `Vec` made) for one of the case's list types, read through its `iter()`.
macro_rules! list_as_sequence {
    ($list:ty) => {
        impl core::fmt::Debug for $list {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        impl serde::Serialize for $list {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.iter())
            }
        }
    };
}

mod authority;
mod builder;
mod check;
mod data;
mod deadlines;
mod display;
mod effect;
mod effects;
mod embargo;
mod entries;
mod error;
mod input;
mod load;
mod ownership;
mod policy_guards;
mod query;
mod readiness;
mod recipients;
mod records;
mod roster;
mod step;
mod text;
mod timeline;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::rule::Rule;
pub use crate::typed::evidence::ReadyToPublish;
pub use builder::{BuildError, CaseBuilder};
pub use check::{InvariantViolation, LoadError};
pub use effect::{Deadline, DeadlineKind, Effect, Origin, Outgoing, Warning};
pub use effects::Effects;
pub use embargo::{Embargo, EmbargoEnd, EmbargoRecord, EmbargoTerms};
pub use entries::Entries;
pub use error::{Attempt, CaseError, ErrorClass, Limit, PolicyVerdict, Refusal};
pub use input::{Action, ActionKind, Input, Message, Payload, PayloadKind, ReportSummary};
pub use load::CaseLoadError;
pub use ownership::{Ownership, OwnershipOffer};
pub use readiness::{Missing, Readiness, Unmet};
pub use recipients::Recipients;
pub use records::{
    Advisory, AffectedProduct, CaseStatus, Credit, Dispute, DisputeCause, DisputeOutcome,
    DisputeState,
};
pub use text::Text;
pub use timeline::{Entry, ReplayError, Timeline};

use crate::id::CaseId;
use crate::participant::ParticipantId;
use crate::policy::Policy;
use data::CaseData;
use recipients::RecentLists;

/// The most participants a case holds (members and removed).
pub const MAX_PARTICIPANTS: usize = 4096;
/// The most timeline entries a case holds; further inputs are refused.
pub const MAX_TIMELINE: usize = 1_000_000;
/// The most disputes a case holds, and the most list items one input carries.
pub const MAX_RECORDS: usize = 1024;

/// One vulnerability case. See the [module docs](self) for the drive loop.
///
/// # Example
/// ```
/// use chrono::{TimeZone, Utc};
/// use mpcvd::case::{Action, Case, Input, ReportSummary};
/// use mpcvd::id::CaseId;
/// use mpcvd::participant::{NewParticipant, ParticipantId};
/// use mpcvd::policy::Policy;
/// use mpcvd::role::{Role, RoleSet};
///
/// let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
/// let mut case = Case::new(CaseId::new("VU#1")?, Policy::default(), t0);
/// let finder = ParticipantId::new("finder")?;
/// let vendor = ParticipantId::new("vendor")?;
/// let roles = RoleSet::of(&[Role::Finder, Role::Reporter]);
/// case.handle(Input::AddParticipant { participant: NewParticipant::new(finder.clone(), "Fay", roles).into(), by: None }, t0)?;
/// let roles = RoleSet::of(&[Role::Vendor]);
/// case.handle(Input::AddParticipant { participant: NewParticipant::new(vendor.clone(), "Acme", roles).into(), by: Some(finder.clone()) }, t0)?;
/// assert_eq!(case.owner(), Some(&finder)); // the first participant opened the case
///
/// let report = ReportSummary::new("overflow in parser", "");
/// let effects = case.handle(Input::Act { actor: finder, action: Action::submit(vendor.clone(), report) }, t0)?;
/// assert_eq!(effects.len(), 1); // the RS message to send
/// assert_eq!(case.case_state_of(&vendor).unwrap().to_string(), "Vfdpxa");
///
/// // Closing straight from Received is refused, and changes nothing.
/// let before = case.clone();
/// assert!(case.handle(Input::Act { actor: vendor, action: Action::Close }, t0).is_err());
/// assert_eq!(case, before);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Serialised as `{timeline, now, data}`; loading checks every invariant and that
/// replaying the timeline yields exactly `data` and `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Case {
    timeline: Timeline,
    now: DateTime<Utc>,
    /// Boxed, so that the case stays small to move; an input works on it in
    /// place (see `step`).
    data: Box<CaseData>,
    /// Recipient lists made recently, shared by the messages that go to the same
    /// participants (a cache: see `RecentLists`).
    #[serde(skip)]
    recent: RecentLists,
}

impl Case {
    /// Opens an empty case at time `created` under `policy`.
    #[must_use]
    pub fn new(id: CaseId, policy: Policy, created: DateTime<Utc>) -> Self {
        Self {
            timeline: Timeline {
                case_id: id,
                created,
                policy: policy.clone(),
                entries: Entries::new(),
            },
            now: created,
            data: Box::new(CaseData::new(policy)),
            recent: RecentLists::default(),
        }
    }

    /// Handles one input that happened at `now`.
    ///
    /// # Errors
    /// [`CaseError`] if the input is refused; the case is then unchanged. Refusals
    /// name the rule, the participant, its state and the actions it may take now.
    pub fn handle(&mut self, input: Input, now: DateTime<Utc>) -> Result<&[Effect], CaseError> {
        match self.run(&input, now) {
            Ok(effects) => Ok(self.commit(effects, input, now)),
            Err(error) => Err(self.explain(error)),
        }
    }

    /// Checks and applies `input` on the case's data: the effects to commit, or
    /// the refusal with the case unchanged.
    fn run(&mut self, input: &Input, now: DateTime<Utc>) -> Result<Effects, CaseError> {
        self.admit(input, now)?;
        let ownership = self.ownership_after(input, now);
        step::run(
            &self.timeline.case_id,
            &mut self.data,
            &mut self.recent,
            now,
            input,
            ownership,
        )
    }

    /// What `handle` would return, without changing the case.
    ///
    /// # Errors
    /// As [`Case::handle`].
    pub fn dry_run(&self, input: &Input, now: DateTime<Utc>) -> Result<Vec<Effect>, CaseError> {
        self.plan(input, now)
            .map(Effects::into_vec)
            .map_err(|e| self.explain(e))
    }

    /// The effects `input` would have, run on a copy of the case's data (a few
    /// reference counts, see `CaseData`).
    fn plan(&self, input: &Input, now: DateTime<Utc>) -> Result<Effects, CaseError> {
        self.admit(input, now)?;
        let ownership = self.ownership_after(input, now);
        let mut data = CaseData::clone(&self.data);
        // (The lists a dry run makes are not kept.)
        let mut recent = RecentLists::default();
        step::run(self.id(), &mut data, &mut recent, now, input, ownership)
    }

    /// The checks made before an input touches the data: time moves forward, the
    /// timeline has room, and whoever the input needs authority from gave it.
    fn admit(&self, input: &Input, now: DateTime<Utc>) -> Result<(), CaseError> {
        if now < self.now {
            return Err(CaseError::TimeWentBackwards {
                now,
                last: self.now,
            });
        }
        let entries = self.timeline.entries.len();
        if entries >= MAX_TIMELINE {
            return Err(CaseError::TooLarge {
                what: Limit::Timeline,
                limit: MAX_TIMELINE,
                found: entries.saturating_add(1),
            });
        }
        self.authorise(input, now)
    }

    /// The one place state changes: folds in what the input staged and logs it.
    fn commit(&mut self, effects: Effects, input: Input, now: DateTime<Utc>) -> &[Effect] {
        self.settle(now);
        self.timeline.entries.push(Entry {
            at: now,
            input,
            effects,
        });
        self.timeline
            .entries
            .last()
            .map_or(&[], |entry| &entry.effects)
    }

    /// Folds in what the input handled at `now` staged (`commit` without the
    /// log: a replay taking its timeline keeps the entries where they are).
    fn settle(&mut self, now: DateTime<Utc>) {
        self.data.settle();
        self.now = now;
    }

    /// Fills in what a refused participant may do instead.
    fn explain(&self, mut error: CaseError) -> CaseError {
        if let CaseError::Refused(refusal) | CaseError::PeerViolation(refusal) = &mut error {
            refusal.allowed = self
                .allowed_actions(&refusal.participant)
                .unwrap_or_default();
        }
        error
    }

    pub(crate) fn index_of(&self, id: &ParticipantId) -> Option<usize> {
        self.data.participants.index_of(id)
    }
}
