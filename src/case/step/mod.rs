//! One input's changes, made on the case's data in place and kept only if every
//! check passes.
//!
//! [`run`] gives a [`Work`] the case's [`CaseData`] as `after`; the input changes
//! it in place (statuses and the embargo history in overlays, every other part
//! saved in an [`undo::Undo`] record as it first changes) and records effects. If
//! any step fails, [`Work::rollback`] puts the data back as it was, so a refused
//! input changes nothing. The step is split by concept: local actions ([`act`]),
//! peer messages ([`intake`]), status reports ([`status`]), membership and policy
//! ([`membership`]), case records ([`records`]), the shared send/receive step
//! ([`announce`]) and the protocol's SHOULD warnings ([`warnings`]).

mod act;
mod announce;
mod intake;
mod membership;
mod records;
mod status;
mod undo;
mod views;
mod warnings;

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::data::CaseData;
use super::effect::{Effect, Origin, Outgoing, Warning};
use super::effects::Effects;
use super::embargo::{ConsentChange, Embargo, EmbargoEnd, EmbargoStep};
use super::error::{Attempt, CaseError, Limit, Refusal};
use super::input::{Action, Input, Payload};
use super::ownership::Ownership;
use super::recipients::{RecentLists, Recipients};
use super::records::CaseStatus;
use super::roster::{Group, Indices};
use crate::cs::CaseState;
use crate::em::EmState;
use crate::id::CaseId;
use crate::message::MessageType;
use crate::participant::{MAX_TEXT_LEN, Participant, ParticipantId, ParticipantStatus};
use crate::pec::{PecAction, PecState};
use crate::protocol::{ProtocolOptions, ProtocolState};
use crate::role::RoleSet;
use crate::rule::Rule;
use strum::IntoEnumIterator;

/// Whether an announcement comes from a local action (effects: the messages to
/// send) or from a peer's message (effects: the recipients' replies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Local,
    Peer,
}

/// A participant by index and id (both known valid).
#[derive(Debug, Clone, Copy)]
pub(super) struct Who<'a> {
    pub(super) index: usize,
    pub(super) id: &'a ParticipantId,
}

/// Runs `input` at `now` on `data` in place: its effects, or the refusal with
/// `data` as it was. The ownership the input leaves (`Case::ownership_after`,
/// which reads the case before the input) is set once every check has passed.
///
/// (The effects are made in the step's own list and returned: held inline, the
/// list is cheaper to move out once than to reach through a borrow at each
/// push.)
pub(super) fn run(
    case_id: &CaseId,
    data: &mut CaseData,
    recent: &mut RecentLists,
    now: DateTime<Utc>,
    input: &Input,
    ownership: Option<Ownership>,
) -> Result<Effects, CaseError> {
    let mut work = Work::new(case_id, data, recent, now);
    work.expire();
    let checked = work.guard(input).and_then(|()| work.apply(input));
    if let Err(error) = checked {
        work.rollback();
        return Err(error);
    }
    if let Some(ownership) = ownership {
        work.set_ownership(ownership);
    }
    work.tell_views(input);
    work.announce_deadlines();
    Ok(work.effects)
}

/// One input in progress.
#[derive(Debug)]
pub(super) struct Work<'c> {
    pub(super) case_id: &'c CaseId,
    /// The case's data, changed in place (see the module docs).
    pub(super) after: &'c mut CaseData,
    /// What to put back if the input is refused.
    undo: undo::Undo,
    /// The data as the input found it, kept only under a policy with deadline
    /// or escalation rules: what it makes due is what it adds to the deadlines
    /// of this copy.
    pub(super) deadlines_before: Option<CaseData>,
    pub(super) now: DateTime<Utc>,
    options: ProtocolOptions,
    effects: Effects,
    /// Recipient lists made recently (see [`Work::ids`]).
    recent: &'c mut RecentLists,
    /// The input's participants, found once by id: the actor of an act or the
    /// sender of a message, and a message's recipients (read by
    /// [`Work::tell_views`]).
    from: Option<usize>,
    to: Indices,
    /// Participants an outgoing message tells the shared state (the recipients of
    /// an embargo, case-state or report message, and both ends of a reply to one),
    /// noted as each message is made and told by [`Work::tell_views`].
    notified: Indices,
}

impl<'c> Work<'c> {
    fn new(
        case_id: &'c CaseId,
        data: &'c mut CaseData,
        recent: &'c mut RecentLists,
        now: DateTime<Utc>,
    ) -> Self {
        let policy = &data.policy;
        let deadlines_before =
            (policy.deadline.is_some() || policy.escalation.is_some()).then(|| data.clone());
        Self {
            case_id,
            options: policy.protocol_options(),
            undo: undo::Undo::of(data),
            after: data,
            deadlines_before,
            now,
            effects: Effects::new(),
            recent,
            from: None,
            to: Indices::new(),
            notified: Indices::new(),
        }
    }

    pub(super) fn push(&mut self, effect: Effect) {
        self.effects.push(effect);
    }

    /// Makes room for `more` effects about to be pushed: the exact room when they
    /// first do not fit inline (most inputs' effects are one batch of messages or
    /// of replies, so a list that allocates does so once, at the size it is kept
    /// in the timeline).
    pub(super) fn expect_effects(&mut self, more: usize) {
        self.effects.expect(more);
    }

    /// Notes whom a message of type `kind` to `to` tells the shared state (see
    /// [`Work::tell_views`]): its recipients when it shares the state, and both
    /// ends when it answers (`reply`: the sender and the message answered) a
    /// message that does.
    pub(super) fn notify(
        &mut self,
        kind: MessageType,
        reply: Option<(usize, MessageType)>,
        to: &[usize],
    ) {
        let answers = reply.filter(|&(_, answering)| views::shares_state(answering));
        if views::shares_state(kind) || answers.is_some() {
            self.notified.extend_from_slice(to);
        }
        if let Some((from, _)) = answers {
            self.notified.push(from);
        }
    }

    // ----- look-ups -------------------------------------------------------------

    /// Participant `i`'s identity (its status: [`Work::state`]).
    pub(super) fn info(&self, i: usize) -> Option<&Participant> {
        self.after.participants.info(i)
    }

    /// Participant `i`'s staged status.
    pub(super) fn state(&self, i: usize) -> Option<&ParticipantStatus> {
        self.after.participants.status(i)
    }

    pub(super) fn status(&mut self, i: usize) -> Option<&mut ParticipantStatus> {
        self.after.participants.status_mut(i)
    }

    pub(super) fn id(&self, i: usize) -> Option<ParticipantId> {
        self.info(i).map(|p| p.id.clone())
    }

    pub(super) fn roles(&self, i: usize) -> RoleSet {
        self.info(i).map_or(RoleSet::EMPTY, |p| p.roles)
    }

    pub(super) fn index_of(&self, id: &ParticipantId) -> Option<usize> {
        self.after.participants.index_of(id)
    }

    /// The index of a current member.
    pub(super) fn member(&self, id: &ParticipantId) -> Result<usize, CaseError> {
        let i = self
            .index_of(id)
            .ok_or_else(|| CaseError::UnknownParticipant { id: id.clone() })?;
        if self.state(i).is_some_and(ParticipantStatus::is_member) {
            Ok(i)
        } else {
            Err(CaseError::RemovedParticipant { id: id.clone() })
        }
    }

    /// Participant `i`'s protocol view of the staged case: its own RM and fix
    /// status with the embargo `em` and public facts of the case as given.
    fn view_with(&self, i: usize, em: EmState, pxa: crate::cs::Pxa) -> Option<ProtocolState> {
        let status = self.state(i)?;
        Some(ProtocolState::assemble(
            status.rm,
            em,
            CaseState::new(status.vfd, pxa),
        ))
    }

    /// Participant `i`'s protocol view of the staged case.
    pub(super) fn view(&self, i: usize) -> ProtocolState {
        self.view_with(i, self.after.embargo.state(), self.after.pxa)
            .unwrap_or(ProtocolState::START)
    }

    /// The other members a participant's announcements go to: reached, not closed.
    pub(super) fn audience(&self, sender: Option<usize>) -> Indices {
        self.after
            .participants
            .group_except(Group::Audience, sender)
    }

    /// The ids of the participants at `indices`, as a message's recipients: a
    /// list of several made for the same committed participants recently is
    /// shared rather than made again (see [`RecentLists`]).
    pub(super) fn ids(&mut self, indices: &[usize]) -> Recipients {
        match indices {
            [] => return Recipients::new(),
            [one] => return self.id(*one).map_or_else(Recipients::new, Recipients::one),
            _ => {}
        }
        let key = RecentLists::key(indices, self.after.participants.committed().len());
        if let Some(list) = key.and_then(|key| self.recent.get(key)) {
            return Recipients::shared(list.clone());
        }
        let ids: Vec<ParticipantId> = indices.iter().filter_map(|&i| self.id(i)).collect();
        let list: Arc<[ParticipantId]> = Arc::from(ids);
        if let Some(key) = key {
            self.recent.put(key, list.clone());
        }
        Recipients::shared(list)
    }

    pub(super) fn warn(&mut self, rule: Rule, participant: Option<usize>, detail: String) {
        let participant = participant.and_then(|i| self.id(i));
        self.effects.push(Effect::Warning(Warning {
            rule,
            participant,
            detail,
        }));
    }

    // ----- inputs ---------------------------------------------------------------

    /// Ends an embargo whose end time has passed (before the input is applied).
    pub(super) fn expire(&mut self) {
        let Some(terms) = self.after.embargo.in_force().copied() else {
            return;
        };
        if self.now < terms.end {
            return;
        }
        *self.embargo_mut() = Embargo::Exited {
            terms,
            at: terms.end,
            reason: EmbargoEnd::Expired,
        };
        self.change_consent(&ConsentChange::Reset, None);
        let audience = self.audience(None);
        let to = self.ids(&audience);
        self.notify(MessageType::ET, None, &audience);
        if !to.is_empty() {
            self.effects.push(Effect::Send(Outgoing {
                kind: MessageType::ET,
                from: Origin::Case,
                to,
                payload: Payload::None,
                in_reply_to: None,
            }));
        }
    }

    pub(super) fn apply(&mut self, input: &Input) -> Result<(), CaseError> {
        if let CaseStatus::Closed { at, .. } = *self.status_before()
            && !matches!(
                input,
                Input::Tick
                    | Input::ChangePolicy { .. }
                    | Input::OfferOwnership { .. }
                    | Input::AcceptOwnership { .. }
                    | Input::RejectOwnership { .. }
                    | Input::Act {
                        action: Action::ReopenCase { .. },
                        ..
                    }
            )
        {
            return Err(CaseError::CaseClosed { at });
        }
        match input {
            Input::Message { message } => self.message(message),
            Input::Act { actor, action } => {
                let i = self.member(actor)?;
                self.from = Some(i);
                check_text(action.text_len())?;
                self.act(
                    Who {
                        index: i,
                        id: actor,
                    },
                    action,
                )
            }
            // Who may add, remove and change the policy: `Case::authorise`.
            Input::AddParticipant { participant, .. } => self.add(participant),
            Input::RemoveParticipant { participant, .. } => self.remove(participant),
            Input::Status {
                participant,
                rm,
                vfd,
            } => self.status_report(participant, *rm, *vfd),
            Input::ChangePolicy { policy, .. } => self.change_policy(policy),
            // Checked and applied by `Case::authorise` and `Case::ownership_after`.
            Input::OfferOwnership { .. }
            | Input::AcceptOwnership { .. }
            | Input::RejectOwnership { .. }
            | Input::Tick => Ok(()),
        }
    }

    /// Participant `i` was heard from now; the first time after being reached is
    /// its acknowledgement.
    pub(super) fn heard(&mut self, i: usize) {
        let now = self.now;
        if let Some(status) = self.status(i) {
            status.last_heard = Some(now);
            if status.reached_at.is_some() && status.acknowledged_at.is_none() {
                status.acknowledged_at = Some(now);
            }
        }
    }

    pub(super) fn reply(
        &mut self,
        from: usize,
        to: usize,
        answering: MessageType,
        replies: &[MessageType],
    ) {
        let Some((&last, rest)) = replies.split_last() else {
            return;
        };
        let (Some(from_id), Some(to_id)) = (self.id(from), self.id(to)) else {
            return;
        };
        for &kind in replies {
            self.notify(kind, Some((from, answering)), &[to]);
        }
        let outgoing = |kind, from, to| {
            Effect::Send(Outgoing {
                kind,
                from: Origin::Participant(from),
                to: Recipients::one(to),
                payload: Payload::None,
                in_reply_to: Some(answering),
            })
        };
        for &kind in rest {
            self.effects
                .push(outgoing(kind, from_id.clone(), to_id.clone()));
        }
        self.effects.push(outgoing(last, from_id, to_id));
    }

    // ----- the embargo's data ---------------------------------------------------

    /// Moves the case's embargo to `to`, the EM state the send or receive table
    /// computed for `step`: places the terms, records the decision, announces the
    /// new end and changes consent.
    pub(super) fn follow_embargo(&mut self, to: EmState, step: EmbargoStep<'_>) {
        // Staying in the same state with no new terms keeps everything (as
        // `Embargo::follow` says): nothing to look up or move.
        if to == self.after.embargo.state() && step.terms.is_none() {
            return;
        }
        let sender = self.index_of(step.by);
        let embargo = self.embargo_mut();
        let current = core::mem::replace(embargo, Embargo::None);
        let followed = current.follow(to, step);
        *embargo = followed.embargo;
        if let Some(record) = followed.record {
            if record.accepted {
                self.push(Effect::Deadline(super::effect::Deadline {
                    at: record.terms.end,
                    kind: super::effect::DeadlineKind::EmbargoEnds,
                }));
            }
            self.after.embargo_history.push(record);
        }
        self.change_consent(&followed.consent, sender);
    }

    /// Applies a consent change made by `sender`. A participant that no longer
    /// takes part (closed: "a closed participant ignores everything", reference
    /// §5; or removed) keeps the consent it had.
    pub(super) fn change_consent(&mut self, change: &ConsentChange, sender: Option<usize>) {
        // Those taking part whose consent is not yet `target` (the others are left
        // as they are, see `consent`).
        let everyone = |work: &mut Self, target: PecState, except: Option<usize>| {
            for consent in PecState::iter().filter(|&c| c != target) {
                for i in work.after.participants.group(Group::Consent(consent)) {
                    if Some(i) != except {
                        work.consent(i, target);
                    }
                }
            }
        };
        match change {
            ConsentChange::None => {}
            ConsentChange::Propose => {
                everyone(self, PecState::Invited, sender);
                self.sign(sender, PecState::Signatory);
            }
            ConsentChange::Sign => self.sign(sender, PecState::Signatory),
            ConsentChange::Decline => {
                everyone(self, PecState::NoEmbargo, None);
                self.sign(sender, PecState::Declined);
            }
            ConsentChange::Reset => everyone(self, PecState::NoEmbargo, None),
            ConsentChange::LapseAllBut { reviser } => {
                let reviser = self.index_of(reviser);
                // Only a signatory's consent lapses (PEC `revise`).
                let signatories = self
                    .after
                    .participants
                    .group(Group::Consent(PecState::Signatory));
                for i in signatories {
                    if Some(i) != sender && Some(i) != reviser {
                        self.lapse(i);
                    }
                }
                self.sign(sender, PecState::Signatory);
                self.sign(reviser, PecState::Signatory);
            }
        }
    }

    fn sign(&mut self, who: Option<usize>, target: PecState) {
        if let Some(i) = who {
            self.consent(i, target);
        }
    }

    /// Moves `i`'s consent towards `target`.
    pub(super) fn consent(&mut self, i: usize, target: PecState) {
        if self
            .state(i)
            .is_some_and(|s| s.takes_part() && s.consent != target)
            && let Some(status) = self.status(i)
        {
            status.consent = status.consent.toward(target);
        }
    }

    fn lapse(&mut self, i: usize) {
        if let Some(s) = self.state(i)
            && s.takes_part()
            && let Ok(next) = s.consent.apply(PecAction::Revise)
            && let Some(status) = self.status(i)
        {
            status.consent = next;
        }
    }

    // ----- refusals -------------------------------------------------------------

    pub(super) fn refusal(
        &self,
        who: Who<'_>,
        attempt: Attempt,
        rule: Rule,
        reason: String,
        reply: Option<MessageType>,
        mode: Mode,
    ) -> CaseError {
        let refusal = Box::new(Refusal {
            rule,
            participant: who.id.clone(),
            attempt,
            state: self.view(who.index),
            reason,
            allowed: Vec::new(),
            reply: if mode == Mode::Peer { reply } else { None },
        });
        match mode {
            Mode::Local => CaseError::Refused(refusal),
            Mode::Peer => CaseError::PeerViolation(refusal),
        }
    }

    pub(super) fn not_permitted(&self, who: Who<'_>, action: &Action, reason: String) -> CaseError {
        CaseError::NotPermitted {
            participant: who.id.clone(),
            action: action.kind(),
            reason,
        }
    }
}

pub(super) fn check_text(len: usize) -> Result<(), CaseError> {
    if len > MAX_TEXT_LEN {
        return Err(CaseError::TooLarge {
            what: Limit::Text,
            limit: MAX_TEXT_LEN,
            found: len,
        });
    }
    Ok(())
}
