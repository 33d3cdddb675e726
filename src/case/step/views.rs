//! The engine's use of [`crate::view`]: judging a peer's message by what its sender
//! could know, and keeping each participant's view as notices go out.
//!
//! - [`Work::judge_sender`] checks a message against the hub's state and every entry
//!   of the sender's view; [`Work::crossed`] applies a message allowed only by a
//!   stale entry (it crossed a notice in flight);
//! - [`Work::late_consent`] is the one path by which a participant that is not a
//!   signatory joins or declines the embargo in force, whether it decides it as an
//!   act or its `EA`/`ER` arrives after another's acceptance;
//! - [`Work::sent_from`] and [`Work::acknowledged`] narrow the sender's view, and
//!   [`Work::tell_views`] extends the views of everyone the input made a notice due
//!   to.

use super::{Who, Work};
use crate::case::embargo::{Embargo, EmbargoRecord};
use crate::case::error::CaseError;
use crate::case::input::Input;
use crate::case::roster::Roster;
use crate::em::EmState;
use crate::message::{MessageKind, MessageModel, MessageType, receive};
use crate::pec::PecState;
use crate::rule::Rule;
use crate::view::{Judgement, Told, View, judge};

/// Whether a message of this type tells its recipient the case's shared state (the
/// embargo and public facts): embargo and case-state messages, and the report.
pub(super) fn shares_state(kind: MessageType) -> bool {
    matches!(
        kind.model(),
        MessageModel::Embargo | MessageModel::CaseState
    ) || kind == MessageType::RS
}

impl Work<'_> {
    /// The case's shared state as the input has left it so far.
    pub(super) fn hub_told(&self) -> Told {
        Told {
            em: self.after.embargo.state(),
            pxa: self.after.pxa,
        }
    }

    /// Judges `kind` from `sender`, holding `roles` for this message, against the
    /// hub's state and its view.
    pub(super) fn judge_sender(
        &self,
        sender: usize,
        kind: MessageType,
        roles: crate::role::RoleSet,
    ) -> Judgement {
        let view = self.state(sender).map(|s| s.view).unwrap_or_default();
        let state = self.view(sender);
        judge(
            kind,
            state.rm(),
            state.cs().vfd(),
            self.hub_told(),
            &view,
            roles,
            self.options,
        )
    }

    /// The sender's message was accepted: its view becomes what the message shows
    /// it held, moved by the message.
    pub(super) fn sent_from(&mut self, sender: usize, judged: &Judgement) {
        if let Some((k, told)) = judged.basis()
            && let Some(status) = self.status(sender)
        {
            status.view.after_send(k, told);
        }
    }

    /// `sender` acknowledged a notice (`EK`, `CK`).
    pub(super) fn acknowledged(&mut self, sender: usize, kind: MessageType) {
        if let Some(status) = self.status(sender) {
            status.view.acknowledge(kind);
        }
    }

    /// A message allowed only by the stale entry `told` of its sender's view.
    ///
    /// A late `EA`/`ER` (sent while the sender saw the proposal, arriving once the
    /// embargo is in force by another's acceptance) makes the sender a signatory or
    /// records its refusal, the embargo staying in force: the recipients acknowledge
    /// (`EK`). Anything else changes nothing: an informational [`Rule::ViewCrossed`]
    /// warning, and the recipients answer as the receive rules say for where the
    /// case is (e.g. `EE` to a revision acceptance crossing its rejection), which
    /// tells the sender what it had not seen.
    pub(super) fn crossed(
        &mut self,
        who: Who<'_>,
        kind: MessageType,
        recipients: &[usize],
        told: Told,
    ) -> Result<(), CaseError> {
        let sender = who.index;
        let em = self.after.embargo.state();
        if matches!(kind, MessageType::EA | MessageType::ER)
            && told.em == EmState::Proposed
            && self.may_join_embargo(sender)
        {
            self.late_consent(sender, kind == MessageType::EA);
            for &r in recipients {
                self.reply(r, sender, kind, &[kind.ack()]);
            }
            return Ok(());
        }
        let detail = format!(
            "`{kind}` was sent while `{}` held `({}, {})`; the case is now `({em}, {})`: nothing changes",
            who.id, told.em, told.pxa, self.after.pxa
        );
        self.warn(Rule::ViewCrossed, Some(sender), detail);
        for &r in recipients {
            let got = receive(kind, self.view(r), self.roles(r), self.options);
            self.reply(r, sender, kind, got.replies);
        }
        Ok(())
    }

    /// Whether `i` may still join (or decline) the embargo in force: one is in force
    /// and `i` takes part without having signed it.
    pub(super) fn may_join_embargo(&self, i: usize) -> bool {
        matches!(
            self.after.embargo.state(),
            EmState::Active | EmState::Revise
        ) && self
            .state(i)
            .is_some_and(|s| s.takes_part() && !s.consent.is_signatory())
    }

    /// `i` joins (`accept`) or declines the embargo in force: consent only, the
    /// case's EM state does not move (PEC, [reference §2](crate::reference)); the decision is recorded
    /// in the embargo history against the terms in force.
    pub(super) fn late_consent(&mut self, i: usize, accept: bool) {
        let target = if accept {
            PecState::Signatory
        } else {
            PecState::Declined
        };
        self.consent(i, target);
        let (
            Some(decided_by),
            Embargo::Active { terms, proposed_by }
            | Embargo::Revise {
                terms, proposed_by, ..
            },
        ) = (self.id(i), &self.after.embargo)
        else {
            return;
        };
        self.after.embargo_history.push(EmbargoRecord {
            terms: *terms,
            proposed_by: proposed_by.clone(),
            decided_by,
            at: self.now,
            accepted: accept,
            revision: false,
        });
    }

    /// After the input: everyone it made a notice of the shared state due to is
    /// told the case's state. That is the actor of an act (taken at the hub, so its
    /// view is the case's), the sender of a statement or status report, the
    /// recipients of an embargo, case-state or report message (arriving, sent, or a
    /// reply) and the participants answering one (the messages' ends as
    /// [`Work::notify`] noted them when each message was made).
    pub(in crate::case) fn tell_views(&mut self, input: &Input) {
        let hub = self.hub_told();
        // The input's own participants were found by `apply` (`from`, `to`).
        match input {
            Input::Act { actor, .. } => {
                if let Some(i) = self.from.or_else(|| self.index_of(actor))
                    && let Some(status) = self.status(i)
                    && status.takes_part()
                {
                    status.view = View::new(hub);
                }
            }
            Input::Message { message } if message.kind.kind() == MessageKind::Statement => {
                let participants = &mut self.after.participants;
                match self.from {
                    Some(i) => tell_index(participants, i, hub),
                    None => tell(participants, &message.from, hub),
                }
                if shares_state(message.kind) {
                    if self.to.len() == message.to.len() {
                        for &i in &self.to {
                            tell_index(participants, i, hub);
                        }
                    } else {
                        for id in &message.to {
                            tell(participants, id, hub);
                        }
                    }
                }
            }
            Input::Status { participant, .. } => self.tell(participant, hub),
            _ => {}
        }
        // Telling is idempotent (`View::tell` of the latest entry changes nothing),
        // so a participant noted twice is told once.
        for &i in &self.notified {
            tell_index(&mut self.after.participants, i, hub);
        }
    }

    fn tell(&mut self, id: &crate::participant::ParticipantId, hub: Told) {
        tell(&mut self.after.participants, id, hub);
    }
}

/// `id` is told the hub's state, unless it no longer takes part (a closed
/// participant ignores everything, [reference §5](crate::reference)).
fn tell(participants: &mut Roster, id: &crate::participant::ParticipantId, hub: Told) {
    if let Some(i) = participants.index_of(id) {
        tell_index(participants, i, hub);
    }
}

/// Participant `i` is told the hub's state (as [`tell`]).
fn tell_index(participants: &mut Roster, i: usize, hub: Told) {
    if participants
        .status(i)
        .is_some_and(|s| s.takes_part() && s.view.latest() != hub)
        && let Some(status) = participants.status_mut(i)
    {
        status.view.tell(hub);
    }
}
