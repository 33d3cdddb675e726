//! Questions a tracker's interface asks of a case.

use chrono::{DateTime, Duration, Utc};
use strum::IntoEnumIterator;

use super::Case;
use super::effect::{Deadline, DeadlineKind};
use super::embargo::{Embargo, EmbargoRecord, EmbargoTerms};
use super::error::CaseError;
use super::input::{Action, ActionKind, Input, ReportSummary};
use super::text::Text;
use super::timeline::Timeline;
use crate::cs::{CaseState, Pxa};
use crate::em::EmState;
use crate::id::CaseId;
use crate::participant::{Participant, ParticipantId};
use crate::policy::Policy;
use crate::protocol::ProtocolState;

impl Case {
    /// What the case has made known to a participant about the embargo and the
    /// public facts: the entry it is known to have seen, then notices possibly still
    /// in flight ([reference §6](crate::reference); see [`crate::view`]). Its messages are judged
    /// against every entry. `None` if it is not a participant.
    #[must_use]
    pub fn view_of(&self, id: &ParticipantId) -> Option<&crate::view::View> {
        self.participant(id).map(|p| &p.status().view)
    }
    /// The case's id.
    #[must_use]
    pub fn id(&self) -> &CaseId {
        &self.timeline.case_id
    }
    /// The policy in force.
    #[must_use]
    pub fn policy(&self) -> &Policy {
        &self.data.policy
    }
    /// The time of the last accepted input (or of opening).
    #[must_use]
    pub const fn now(&self) -> DateTime<Utc> {
        self.now
    }
    /// All participants, members and removed, in the order they joined.
    #[must_use]
    pub fn participants(&self) -> &[Participant] {
        self.data.participants.committed()
    }
    /// The participant with this id.
    #[must_use]
    pub fn participant(&self, id: &ParticipantId) -> Option<&Participant> {
        self.index_of(id)
            .and_then(|i| self.data.participants.committed().get(i))
    }
    /// The embargo.
    #[must_use]
    pub const fn embargo(&self) -> &Embargo {
        &self.data.embargo
    }
    /// The EM state.
    #[must_use]
    pub const fn em(&self) -> EmState {
        self.data.embargo.state()
    }
    /// Every decided embargo proposal and revision, oldest first.
    #[must_use]
    pub fn embargo_history(&self) -> &[EmbargoRecord] {
        self.data.embargo_history.committed()
    }
    /// The public facts.
    #[must_use]
    pub const fn pxa(&self) -> Pxa {
        self.data.pxa
    }
    /// Whether the case is open or closed.
    #[must_use]
    pub const fn status(&self) -> &super::records::CaseStatus {
        &self.data.status
    }
    /// The case's disputes.
    #[must_use]
    pub fn disputes(&self) -> &[super::records::Dispute] {
        &self.data.disputes
    }
    /// The advisory's content.
    #[must_use]
    pub fn advisory(&self) -> &super::records::Advisory {
        &self.data.advisory
    }
    /// The audit log.
    #[must_use]
    pub const fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// A participant's case state: its own `vfd` with the case's `pxa`.
    #[must_use]
    pub fn case_state_of(&self, id: &ParticipantId) -> Option<CaseState> {
        self.participant(id)
            .map(|p| CaseState::new(p.vfd(), self.data.pxa))
    }

    /// A participant's protocol state `(RM, EM, CS)`.
    #[must_use]
    pub fn protocol_state_of(&self, id: &ParticipantId) -> Option<ProtocolState> {
        self.participant(id).map(|p| {
            ProtocolState::assemble(p.rm(), self.em(), CaseState::new(p.vfd(), self.data.pxa))
        })
    }

    /// The actions `id` may take now (at [`Case::now`]).
    ///
    /// # Errors
    /// [`CaseError::UnknownParticipant`] or [`CaseError::RemovedParticipant`].
    pub fn allowed_actions(&self, id: &ParticipantId) -> Result<Vec<ActionKind>, CaseError> {
        let member = self
            .participant(id)
            .ok_or_else(|| CaseError::UnknownParticipant { id: id.clone() })?;
        if !member.is_member() {
            return Err(CaseError::RemovedParticipant { id: id.clone() });
        }
        Ok(ActionKind::iter()
            .filter(|&kind| {
                self.sample(id, kind).is_some_and(|action| {
                    let input = Input::Act {
                        actor: id.clone(),
                        action,
                    };
                    self.plan(&input, self.now).is_ok()
                })
            })
            .collect())
    }

    /// Why `action` by `id` would be refused now, or `None` if it would be accepted.
    #[must_use]
    pub fn why_refused(&self, id: &ParticipantId, action: &Action) -> Option<CaseError> {
        let input = Input::Act {
            actor: id.clone(),
            action: action.clone(),
        };
        self.dry_run(&input, self.now).err()
    }

    /// Members the report has not reached (RM `Start`).
    pub fn unreached(&self) -> impl Iterator<Item = &Participant> {
        self.participants()
            .iter()
            .filter(|p| p.is_member() && !p.is_reached())
    }

    /// Members reached but not heard from since ("reached but silent").
    pub fn silent(&self) -> impl Iterator<Item = &Participant> {
        self.participants()
            .iter()
            .filter(|p| p.is_member() && p.is_silent())
    }

    /// The next time the caller must call back at, if any: the embargo's end or
    /// the soonest policy deadline.
    #[must_use]
    pub fn next_deadline(&self) -> Option<Deadline> {
        let embargo = self.data.embargo.in_force().map(|terms| Deadline {
            at: terms.end,
            kind: DeadlineKind::EmbargoEnds,
        });
        embargo
            .into_iter()
            .chain(self.policy_deadlines())
            .min_by(|a, b| a.at.cmp(&b.at))
    }

    /// A representative action of `kind` for "may I?" questions.
    fn sample(&self, id: &ParticipantId, kind: ActionKind) -> Option<Action> {
        let terms = EmbargoTerms {
            start: self.now,
            end: self.now.checked_add_signed(Duration::days(45))?,
        };
        Some(match kind {
            ActionKind::Validate => Action::Validate,
            ActionKind::Invalidate => Action::Invalidate,
            ActionKind::Accept => Action::Accept,
            ActionKind::Defer => Action::Defer,
            ActionKind::Close => Action::Close,
            ActionKind::CloseDespiteEmbargo => Action::CloseDespiteEmbargo {
                reason: String::new(),
            },
            ActionKind::Submit => {
                // Any member it has not reached yet.
                let to = self
                    .unreached()
                    .find(|p| &p.id != id)
                    .map(|p| p.id.clone())?;
                Action::submit(to, ReportSummary::new("", ""))
            }
            ActionKind::ProposeEmbargo => Action::ProposeEmbargo { terms },
            ActionKind::AcceptEmbargo => Action::AcceptEmbargo,
            ActionKind::RejectEmbargo => Action::RejectEmbargo,
            ActionKind::ReviseEmbargo => Action::ReviseEmbargo { terms },
            ActionKind::TerminateEmbargo => Action::TerminateEmbargo,
            ActionKind::FixReady => Action::FixReady,
            ActionKind::FixDeployed => Action::FixDeployed,
            ActionKind::Publish => Action::Publish,
            ActionKind::ExploitPublished => Action::ExploitPublished,
            ActionKind::AttacksObserved => Action::AttacksObserved,
            ActionKind::Inquire => Action::Inquire { text: Text::new() },
            ActionKind::PublishEarly => Action::PublishEarly {
                reason: String::new(),
            },
            ActionKind::AgreeToRules => Action::AgreeToRules,
            ActionKind::MarkAffected => Action::MarkAffected {
                vendor: id.clone(),
                affected: crate::participant::Affectedness::Affected,
            },
            ActionKind::OpenDispute => Action::OpenDispute {
                cause: super::records::DisputeCause::SecurityImplications,
                detail: String::new(),
            },
            ActionKind::ResolveDispute => Action::ResolveDispute {
                dispute: self
                    .data
                    .disputes
                    .iter()
                    .find(|d| d.state == super::records::DisputeState::Open)?
                    .id,
                outcome: super::records::DisputeOutcome::Vulnerability,
                agreed_by: vec![id.clone()],
            },
            ActionKind::AgreeToConclusion => Action::AgreeToConclusion {
                dispute: self
                    .data
                    .disputes
                    .iter()
                    .find(|d| d.state != super::records::DisputeState::Open)?
                    .id,
            },
            ActionKind::UpdateAdvisory => Action::UpdateAdvisory {
                advisory: Box::new((*self.data.advisory).clone()),
            },
            ActionKind::RequestGrace => Action::RequestGrace { fix_expected: true },
            ActionKind::CloseCase => Action::CloseCase,
            ActionKind::ReopenCase => Action::ReopenCase {
                reason: String::new(),
            },
        })
    }
}
