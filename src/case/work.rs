//! One input's changes, staged on copies and committed only if every check passes.
//!
//! [`Work`] borrows the case read-only, copies the parts an input may change
//! (participant statuses, the embargo, the public status) and records effects. If
//! any step fails the copies are dropped, so a refused input changes nothing.

use chrono::{DateTime, Utc};

use super::effect::{Deadline, DeadlineKind, Effect, Origin, Outgoing, Warning};
use super::embargo::{Embargo, EmbargoEnd, EmbargoRecord, EmbargoTerms};
use super::error::{Attempt, CaseError, Limit, Refusal};
use super::input::{Action, Input, Message, Payload};
use super::records::{Advisory, CaseStatus, Dispute, DisputeState};
use super::{Case, MAX_PARTICIPANTS, MAX_RECORDS};
use crate::cs::{CaseState, CsEvent, Pxa};
use crate::em::EmState;
use crate::machine::Machine;
use crate::message::{MessageKind, MessageType, Outcome, receive, send};
use crate::participant::{
    MAX_TEXT_LEN, Membership, NewParticipant, Participant, ParticipantId, ParticipantStatus,
};
use crate::pec::{Pec, PecAction, PecState};
use crate::policy::Policy;
use crate::protocol::{ProtocolOptions, ProtocolState};
use crate::rm::RmState;
use crate::role::RoleSet;
use crate::rule::Rule;

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

/// The staged result of one input.
#[derive(Debug)]
pub(super) struct Staged {
    pub(super) status: Vec<ParticipantStatus>,
    pub(super) joined: Option<Participant>,
    pub(super) embargo: Embargo,
    pub(super) records: Vec<EmbargoRecord>,
    pub(super) pxa: Pxa,
    pub(super) effects: Vec<Effect>,
    /// Changes to rarely-touched parts, `None` when unchanged (no copy made).
    pub(super) policy: Option<Policy>,
    pub(super) case_status: Option<CaseStatus>,
    pub(super) disputes: Option<Vec<Dispute>>,
    pub(super) advisory: Option<Advisory>,
}

#[derive(Debug)]
pub(super) struct Work<'c> {
    pub(super) case: &'c Case,
    pub(super) now: DateTime<Utc>,
    options: ProtocolOptions,
    pub(super) staged: Staged,
}

impl<'c> Work<'c> {
    pub(super) fn new(case: &'c Case, now: DateTime<Utc>) -> Self {
        Self {
            case,
            now,
            options: case.policy.protocol_options(),
            staged: Staged {
                status: case.participants.iter().map(|p| p.status).collect(),
                joined: None,
                embargo: case.embargo.clone(),
                records: Vec::new(),
                pxa: case.pxa,
                effects: Vec::new(),
                policy: None,
                case_status: None,
                disputes: None,
                advisory: None,
            },
        }
    }

    pub(super) fn finish(self) -> Staged {
        self.staged
    }

    // ----- look-ups -------------------------------------------------------------

    pub(super) fn participant(&self, i: usize) -> Option<&'c Participant> {
        self.case.participants.get(i)
    }

    pub(super) fn status(&mut self, i: usize) -> Option<&mut ParticipantStatus> {
        self.staged.status.get_mut(i)
    }

    pub(super) fn id(&self, i: usize) -> Option<ParticipantId> {
        self.participant(i).map(|p| p.id.clone())
    }

    pub(super) fn roles(&self, i: usize) -> RoleSet {
        self.participant(i).map_or(RoleSet::EMPTY, |p| p.roles)
    }

    /// The index of a current member.
    pub(super) fn member(&self, id: &ParticipantId) -> Result<usize, CaseError> {
        let i = self
            .case
            .index_of(id)
            .ok_or_else(|| CaseError::UnknownParticipant { id: id.clone() })?;
        match self.staged.status.get(i).map(|s| s.membership) {
            Some(Membership::Member) => Ok(i),
            _ => Err(CaseError::RemovedParticipant { id: id.clone() }),
        }
    }

    /// Participant `i`'s protocol view of the staged case.
    pub(super) fn view(&self, i: usize) -> ProtocolState {
        let status = self.staged.status.get(i);
        let rm = status.map_or(RmState::Start, |s| s.rm);
        let vfd = status.map_or(crate::cs::Vfd::Unaware, |s| s.vfd);
        ProtocolState::assemble(
            rm,
            self.staged.embargo.state(),
            CaseState::new(vfd, self.staged.pxa),
        )
    }

    /// The other members a participant's announcements go to: reached, not closed.
    pub(super) fn audience(&self, sender: Option<usize>) -> Vec<usize> {
        self.staged
            .status
            .iter()
            .enumerate()
            .filter(|&(i, s)| {
                Some(i) != sender
                    && s.membership == Membership::Member
                    && s.rm.is_reached()
                    && s.rm != RmState::Closed
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub(super) fn ids(&self, indices: &[usize]) -> Vec<ParticipantId> {
        indices.iter().filter_map(|&i| self.id(i)).collect()
    }

    pub(super) fn warn(&mut self, rule: Rule, participant: Option<usize>, detail: String) {
        let participant = participant.and_then(|i| self.id(i));
        self.staged.effects.push(Effect::Warning(Warning {
            rule,
            participant,
            detail,
        }));
    }

    // ----- inputs ---------------------------------------------------------------

    /// Ends an embargo whose end time has passed (before the input is applied).
    pub(super) fn expire(&mut self) {
        let Some(terms) = self.staged.embargo.in_force().copied() else {
            return;
        };
        if self.now < terms.end {
            return;
        }
        self.staged.embargo = Embargo::Exited {
            terms,
            at: terms.end,
            reason: EmbargoEnd::Expired,
        };
        self.reset_consent();
        let to = self.ids(&self.audience(None));
        if !to.is_empty() {
            self.staged.effects.push(Effect::Send(Outgoing {
                kind: MessageType::ET,
                from: Origin::Case,
                to,
                payload: Payload::None,
                in_reply_to: None,
            }));
        }
    }

    pub(super) fn apply(&mut self, input: &Input) -> Result<(), CaseError> {
        if let CaseStatus::Closed { at, .. } = self.case.status
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
                check_text(action.text_len())?;
                self.act(
                    Who {
                        index: i,
                        id: actor,
                    },
                    action,
                )
            }
            Input::AddParticipant { participant, .. } => self.add(participant),
            Input::RemoveParticipant { participant, .. } => {
                let i = self.member(participant)?;
                let now = self.now;
                if let Some(status) = self.status(i) {
                    status.membership = Membership::Removed { at: now };
                }
                Ok(())
            }
            Input::Status {
                participant,
                rm,
                vfd,
            } => self.status_report(participant, *rm, *vfd),
            Input::ChangePolicy { policy, .. } => {
                policy.validate()?;
                let options = policy.protocol_options();
                let em = self.staged.embargo.state();
                if options.attacks_end_embargo
                    && em.is_in_force()
                    && self.staged.pxa.attacks_observed()
                {
                    return Err(CaseError::InvalidPolicy(
                        crate::policy::PolicyError::Conflict(
                            "attacks were observed while the embargo is in force; a policy where attacks end embargoes would leave the case inconsistent (terminate the embargo first)",
                        ),
                    ));
                }
                self.options = options;
                self.staged.policy = Some(policy.clone());
                Ok(())
            }
            // Checked and applied by `Case::authorise` and `Case::ownership_after`.
            Input::OfferOwnership { .. }
            | Input::AcceptOwnership { .. }
            | Input::RejectOwnership { .. }
            | Input::Tick => Ok(()),
        }
    }

    fn add(&mut self, new: &NewParticipant) -> Result<(), CaseError> {
        if self.case.index_of(&new.id).is_some() {
            return Err(CaseError::DuplicateParticipant { id: new.id.clone() });
        }
        if new.roles.is_empty() {
            return Err(CaseError::NoRoles { id: new.id.clone() });
        }
        let count = self.case.participants.len().saturating_add(1);
        if count > MAX_PARTICIPANTS {
            return Err(CaseError::TooLarge {
                what: Limit::Participants,
                limit: MAX_PARTICIPANTS,
                found: count,
            });
        }
        let org = new.organisation.as_ref();
        check_text(
            new.name
                .len()
                .saturating_add(org.map_or(0, |o| o.text_len())),
        )?;
        if let Some(parent) = org.and_then(|o| o.parent.as_ref())
            && self.case.index_of(parent).is_none()
        {
            return Err(CaseError::UnknownParticipant { id: parent.clone() });
        }
        let mut joined = Participant::joining(new.clone(), self.now);
        if matches!(
            self.staged.embargo.state(),
            EmState::Proposed | EmState::Active | EmState::Revise
        ) {
            joined.status.consent = consent_path(joined.status.consent, PecState::Invited);
        }
        self.staged.joined = Some(joined);
        Ok(())
    }

    fn act(&mut self, who: Who<'_>, action: &Action) -> Result<(), CaseError> {
        use MessageType as M;
        let actor = who.index;
        self.heard(actor);
        let attempt = Attempt::Action(action.kind());
        if self.case_record_action(who, action)? {
            return Ok(());
        }
        let em = self.staged.embargo.state();
        let (kind, payload) = match action {
            Action::Validate => (M::RV, Payload::None),
            Action::Invalidate => (M::RI, Payload::None),
            Action::Accept => (M::RA, Payload::None),
            Action::Defer => (M::RD, Payload::None),
            Action::Close => {
                if em.is_in_force() {
                    let reason = format!(
                        "an embargo is in force (`{em}`): close with an explicit override, or hold the report in deferred or invalid"
                    );
                    return Err(self.refusal(
                        who,
                        attempt,
                        Rule::CloseDuringEmbargo,
                        reason,
                        None,
                        Mode::Local,
                    ));
                }
                (M::RC, Payload::None)
            }
            Action::CloseDespiteEmbargo { reason } => {
                if em.is_in_force() {
                    let detail = format!("report closed while the embargo is in force: {reason}");
                    self.warn(Rule::CloseDuringEmbargo, Some(actor), detail);
                }
                (M::RC, Payload::None)
            }
            Action::Submit { to, report } => {
                let target = self.member(to)?;
                if target == actor {
                    return Err(CaseError::Recipients {
                        reason: format!("`{to}` cannot submit the report to itself"),
                    });
                }
                if self
                    .staged
                    .status
                    .get(target)
                    .is_some_and(|s| s.rm == RmState::Closed)
                {
                    return Err(CaseError::Recipients {
                        reason: format!("`{to}` has closed its report and takes no part"),
                    });
                }
                let payload = Payload::Report(report.clone());
                return self.announce(who, M::RS, &payload, &[target], attempt, Mode::Local);
            }
            Action::ProposeEmbargo { terms } => (M::EP, Payload::Embargo(*terms)),
            Action::ReviseEmbargo { terms } => (M::EV, Payload::Embargo(*terms)),
            Action::AcceptEmbargo | Action::RejectEmbargo
                if em == EmState::Active
                    && self
                        .staged
                        .status
                        .get(actor)
                        .is_some_and(|s| takes_part(s) && !s.consent.is_signatory()) =>
            {
                // Joining (or declining) the embargo already in force: consent
                // only, the case's EM state does not move (PEC, reference §2).
                let target = if matches!(action, Action::AcceptEmbargo) {
                    PecState::Signatory
                } else {
                    PecState::Declined
                };
                self.consent(actor, target);
                return Ok(());
            }
            Action::AcceptEmbargo if em == EmState::Revise => (M::EC, Payload::None),
            Action::AcceptEmbargo => (M::EA, Payload::None),
            Action::RejectEmbargo if em == EmState::Revise => (M::EJ, Payload::None),
            Action::RejectEmbargo => (M::ER, Payload::None),
            Action::TerminateEmbargo => (M::ET, Payload::None),
            Action::FixReady => (M::CF, Payload::None),
            Action::FixDeployed => (M::CD, Payload::None),
            Action::Publish => (M::CP, Payload::None),
            Action::ExploitPublished => (M::CX, Payload::None),
            Action::AttacksObserved => (M::CA, Payload::None),
            Action::Inquire { text } => (M::GI, Payload::Text { text: text.clone() }),
            Action::PublishEarly { reason } => {
                let detail = format!("early release: {reason}");
                self.warn(Rule::PublishDuringEmbargo, Some(actor), detail);
                (M::CP, Payload::None)
            }
            // Handled by `case_record_action`.
            Action::AgreeToRules
            | Action::MarkAffected { .. }
            | Action::OpenDispute { .. }
            | Action::ResolveDispute { .. }
            | Action::AgreeToConclusion { .. }
            | Action::UpdateAdvisory { .. }
            | Action::RequestGrace { .. }
            | Action::CloseCase
            | Action::ReopenCase { .. } => return Ok(()),
        };
        let audience = self.audience(Some(actor));
        self.announce(who, kind, &payload, &audience, attempt, Mode::Local)
    }

    fn message(&mut self, message: &Message) -> Result<(), CaseError> {
        let kind = message.kind;
        if !kind.accepts_payload(message.payload.kind()) {
            return Err(CaseError::Payload {
                message: kind,
                found: message.payload.kind(),
            });
        }
        check_text(message.payload.text_len())?;
        let sender = self.member(&message.from)?;
        let recipients = self.recipients(message, sender)?;
        // A termination arriving once the embargo has ended (it crossed another, or
        // the embargo expired) changes nothing and is acknowledged: "ET in X → no
        // change (EK)", reference §5.
        let late_termination = kind == MessageType::ET
            && self.staged.embargo.state() == EmState::Exited
            && self.view(sender).rm() != RmState::Closed;
        if kind.kind() != MessageKind::Statement && !late_termination {
            // Replies follow the send table too (a closed participant sends nothing).
            let view = self.view(sender);
            if let Err(e) = send(kind, view, self.roles(sender), self.options) {
                let who = Who {
                    index: sender,
                    id: &message.from,
                };
                let attempt = Attempt::Message(kind);
                return Err(self.refusal(
                    who,
                    attempt,
                    e.rule(),
                    e.to_string(),
                    Some(kind.error()),
                    Mode::Peer,
                ));
            }
        }
        self.heard(sender);
        if kind.kind() != MessageKind::Statement || late_termination {
            // Acknowledgements and error replies change no state; the recipients
            // answer as the protocol prescribes (e.g. RE → RK + GI).
            for &r in &recipients {
                let got = receive(kind, self.view(r), self.roles(r), self.options);
                self.reply(r, sender, kind, got.replies);
            }
            return Ok(());
        }
        let attempt = Attempt::Message(kind);
        let who = Who {
            index: sender,
            id: &message.from,
        };
        match self.announce(
            who,
            kind,
            &message.payload,
            &recipients,
            attempt,
            Mode::Peer,
        ) {
            // Only a case that is no longer `···pxa` turns the message into an ER/ET
            // reply; an `EA` refused because the sender's fix is deployed (`··D···`)
            // is the sender's violation, answered with `EE`.
            Err(error)
                if kind.model() == crate::message::MessageModel::Embargo
                    && error.rule() == Rule::SendCaseState
                    && !self.view(sender).cs().is_embargo_viable() =>
            {
                self.embargo_after_disclosure(sender, kind, &recipients, error)
            }
            other => other,
        }
    }

    /// Participant `i` was heard from now; the first time after being reached is
    /// its acknowledgement.
    fn heard(&mut self, i: usize) {
        let now = self.now;
        if let Some(status) = self.status(i) {
            status.last_heard = Some(now);
            if status.reached_at.is_some() && status.acknowledged_at.is_none() {
                status.acknowledged_at = Some(now);
            }
        }
    }

    /// Actions on case records rather than protocol state. Returns whether `action`
    /// was one of them.
    fn case_record_action(&mut self, who: Who<'_>, action: &Action) -> Result<bool, CaseError> {
        let now = self.now;
        if action.items() > MAX_RECORDS {
            return Err(CaseError::TooLarge {
                what: Limit::Records,
                limit: MAX_RECORDS,
                found: action.items(),
            });
        }
        match action {
            Action::AgreeToRules => {
                if let Some(status) = self.status(who.index)
                    && status.agreed_at.is_none()
                {
                    status.agreed_at = Some(now);
                }
            }
            Action::MarkAffected { vendor, affected } => {
                let target = self.member(vendor)?;
                if !self.roles(target).contains(crate::role::Role::Vendor) {
                    return Err(self.not_permitted(
                        who,
                        action,
                        format!("`{vendor}` is not a vendor"),
                    ));
                }
                let coordinator = self
                    .roles(who.index)
                    .contains(crate::role::Role::Coordinator);
                if target != who.index && !coordinator {
                    return Err(self.not_permitted(
                        who,
                        action,
                        "only the vendor itself or a coordinator may say whether it is affected"
                            .to_owned(),
                    ));
                }
                if let Some(status) = self.status(target) {
                    status.affected = *affected;
                }
            }
            Action::OpenDispute { cause, detail } => {
                let mut disputes = self.disputes();
                let count = disputes.len().saturating_add(1);
                if count > MAX_RECORDS {
                    return Err(CaseError::TooLarge {
                        what: Limit::Records,
                        limit: MAX_RECORDS,
                        found: count,
                    });
                }
                disputes.push(Dispute {
                    id: u32::try_from(count).unwrap_or(u32::MAX),
                    cause: *cause,
                    opened_by: who.id.clone(),
                    opened_at: now,
                    detail: detail.clone(),
                    state: DisputeState::Open,
                });
                self.staged.disputes = Some(disputes);
            }
            Action::ResolveDispute {
                dispute,
                outcome,
                agreed_by,
            } => {
                if agreed_by.is_empty() {
                    return Err(CaseError::Recipients {
                        reason:
                            "a dispute is resolved by the agreement of at least one participant"
                                .to_owned(),
                    });
                }
                for (i, id) in agreed_by.iter().enumerate() {
                    self.member(id)?;
                    if agreed_by.iter().take(i).any(|other| other == id) {
                        return Err(CaseError::Recipients {
                            reason: format!("`{id}` is named twice among those agreeing"),
                        });
                    }
                }
                let mut disputes = self.disputes();
                let record = find_dispute(&mut disputes, *dispute)?;
                if record.state != DisputeState::Open {
                    return Err(CaseError::UnknownRecord {
                        reason: format!("dispute {dispute} is already concluded"),
                    });
                }
                record.state = DisputeState::Concluded {
                    outcome: outcome.clone(),
                    agreed_by: agreed_by.clone(),
                    at: now,
                };
                self.staged.disputes = Some(disputes);
            }
            Action::AgreeToConclusion { dispute } => {
                let mut disputes = self.disputes();
                let record = find_dispute(&mut disputes, *dispute)?;
                match &mut record.state {
                    DisputeState::Concluded { agreed_by, .. } => {
                        if !agreed_by.contains(who.id) {
                            agreed_by.push(who.id.clone());
                        }
                    }
                    DisputeState::Open => {
                        return Err(CaseError::UnknownRecord {
                            reason: format!("dispute {dispute} has no conclusion to agree to yet"),
                        });
                    }
                }
                self.staged.disputes = Some(disputes);
            }
            Action::UpdateAdvisory { advisory } => self.staged.advisory = Some(advisory.clone()),
            Action::RequestGrace { fix_expected } => {
                if !self.roles(who.index).contains(crate::role::Role::Vendor) {
                    return Err(self.not_permitted(
                        who,
                        action,
                        "only a vendor asks for grace".to_owned(),
                    ));
                }
                if let Some(status) = self.status(who.index)
                    && status.grace_requested_at.is_none()
                {
                    status.grace_requested_at = Some(now);
                    status.fix_expected_within_grace = *fix_expected;
                }
            }
            Action::CloseCase => {
                self.staged.case_status = Some(CaseStatus::Closed {
                    at: now,
                    by: who.id.clone(),
                });
            }
            Action::ReopenCase { .. } => {
                if self.case.status == CaseStatus::Open {
                    return Err(self.not_permitted(who, action, "the case is open".to_owned()));
                }
                self.staged.case_status = Some(CaseStatus::Open);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn disputes(&self) -> Vec<Dispute> {
        self.staged
            .disputes
            .clone()
            .unwrap_or_else(|| self.case.disputes.clone())
    }

    fn not_permitted(&self, who: Who<'_>, action: &Action, reason: String) -> CaseError {
        CaseError::NotPermitted {
            participant: who.id.clone(),
            action: action.kind(),
            reason,
        }
    }

    fn recipients(&self, message: &Message, sender: usize) -> Result<Vec<usize>, CaseError> {
        if message.to.is_empty() {
            return Err(CaseError::Recipients {
                reason: format!("`{}` has no recipients", message.kind),
            });
        }
        if message.to.len() > MAX_PARTICIPANTS {
            return Err(CaseError::TooLarge {
                what: Limit::Recipients,
                limit: MAX_PARTICIPANTS,
                found: message.to.len(),
            });
        }
        let mut out: Vec<usize> = Vec::with_capacity(message.to.len());
        for id in &message.to {
            let i = self.member(id)?;
            if i == sender {
                return Err(CaseError::Recipients {
                    reason: format!("`{id}` is both sender and recipient"),
                });
            }
            if out.contains(&i) {
                return Err(CaseError::Recipients {
                    reason: format!("`{id}` is named twice among the recipients"),
                });
            }
            out.push(i);
        }
        Ok(out)
    }

    // ----- the shared step ------------------------------------------------------

    /// `sender` announces `kind` to `recipients`: checks the send rule, moves the
    /// sender and the case, applies each recipient's receipt, and records effects.
    fn announce(
        &mut self,
        who: Who<'_>,
        kind: MessageType,
        payload: &Payload,
        recipients: &[usize],
        attempt: Attempt,
        mode: Mode,
    ) -> Result<(), CaseError> {
        let sender = who.index;
        let before = self.view(sender);
        let sent = send(kind, before, self.roles(sender), self.options).map_err(|e| {
            self.refusal(
                who,
                attempt,
                e.rule(),
                e.to_string(),
                Some(kind.error()),
                mode,
            )
        })?;
        if let Payload::Embargo(terms) = payload {
            self.check_terms(terms)?;
        }
        if let Some(proposer) = self.pending_proposer(kind)
            && proposer == who.id
        {
            let reason = format!(
                "`{kind}` accepts terms `{proposer}` proposed itself; another participant must accept them"
            );
            return Err(self.refusal(
                who,
                attempt,
                Rule::EmbargoSelfAccept,
                reason,
                Some(MessageType::EE),
                mode,
            ));
        }
        // Terms accepted (EA, EC) must not have ended meanwhile: the embargo would
        // be in force past its end, with a deadline already gone.
        if let (MessageType::EA, Embargo::Proposed { terms, .. })
        | (MessageType::EC, Embargo::Revise { pending: terms, .. }) =
            (kind, &self.staged.embargo)
        {
            self.check_terms(terms)?;
        }
        self.should_warnings(sender, kind, before, sent.recorded, recipients);
        let now = self.now;
        if let Some(status) = self.status(sender) {
            status.rm = sent.state.rm();
            status.vfd = sent.state.cs().vfd();
        }
        self.staged.pxa = sent.state.cs().pxa();
        if sent.recorded.contains(CsEvent::FixReady)
            && let Some(status) = self.status(sender)
        {
            status.fix_ready_at = Some(now);
        }
        self.move_embargo(kind, sender, payload, sent.state.em(), sent.recorded);
        for &r in recipients {
            let view = ProtocolState::assemble(
                self.staged.status.get(r).map_or(RmState::Start, |s| s.rm),
                before.em(),
                CaseState::new(
                    self.staged
                        .status
                        .get(r)
                        .map_or(crate::cs::Vfd::Unaware, |s| s.vfd),
                    before.cs().pxa(),
                ),
            );
            let got = receive(kind, view, self.roles(r), self.options);
            if let Some(status) = self.status(r) {
                if !status.rm.is_reached() && got.state.rm().is_reached() {
                    status.reached_at = Some(now);
                }
                status.rm = got.state.rm();
                status.vfd = got.state.cs().vfd();
            }
            if got.outcome == Outcome::Unexpected {
                let detail = format!("`{kind}` was unexpected for a recipient in {view}");
                self.warn(Rule::ReceiveUnexpected, Some(r), detail);
            }
            if mode == Mode::Peer {
                self.reply(r, sender, kind, got.replies);
            }
        }
        if mode == Mode::Local && !recipients.is_empty() {
            let to = self.ids(recipients);
            let from = Origin::Participant(who.id.clone());
            for &m in sent.messages {
                self.staged.effects.push(Effect::Send(Outgoing {
                    kind: m,
                    from: from.clone(),
                    to: to.clone(),
                    payload: if m == kind {
                        payload.clone()
                    } else {
                        Payload::None
                    },
                    in_reply_to: None,
                }));
            }
        }
        Ok(())
    }

    /// A participant's reported status, as the messages announcing each step.
    fn status_report(
        &mut self,
        id: &ParticipantId,
        rm: Option<RmState>,
        vfd: Option<crate::cs::Vfd>,
    ) -> Result<(), CaseError> {
        let index = self.member(id)?;
        let who = Who { index, id };
        let mut steps: Vec<MessageType> = Vec::new();
        let current = self.view(index);
        if let Some(target) = rm {
            match rm_path(current.rm(), target) {
                Some(path) => steps.extend(path),
                None => {
                    let reason = format!(
                        "`{}` cannot be reached from `{}` by the participant itself",
                        target,
                        current.rm()
                    );
                    return Err(self.refusal(
                        who,
                        Attempt::Status,
                        Rule::StatusUnreachable,
                        reason,
                        Some(MessageType::RE),
                        Mode::Peer,
                    ));
                }
            }
        }
        if let Some(target) = vfd {
            let mut at = current.cs().vfd();
            while at < target {
                let (Some(event), Some(next)) =
                    (at.next_event(), at.next_event().and_then(|e| at.after(e)))
                else {
                    break;
                };
                steps.push(match event {
                    CsEvent::VendorAware => MessageType::CV,
                    CsEvent::FixReady => MessageType::CF,
                    _ => MessageType::CD,
                });
                at = next;
            }
            if target < current.cs().vfd() {
                let reason = format!("fix status `{target}` is behind `{}`", current.cs().vfd());
                return Err(self.refusal(
                    who,
                    Attempt::Status,
                    Rule::StatusUnreachable,
                    reason,
                    Some(MessageType::CE),
                    Mode::Peer,
                ));
            }
        }
        let jumps = steps.len() > 1 && !self.case.policy.accept_status_jumps;
        if jumps {
            let path: Vec<&str> = steps.iter().map(|m| m.code()).collect();
            let reason = format!(
                "the report skips steps ({}); the policy does not accept jumps",
                path.join(" ")
            );
            return Err(self.refusal(
                who,
                Attempt::Status,
                Rule::StatusJump,
                reason,
                None,
                Mode::Peer,
            ));
        }
        self.heard(index);
        for kind in steps {
            let audience = self.audience(Some(index));
            self.announce(
                who,
                kind,
                &Payload::None,
                &audience,
                Attempt::Status,
                Mode::Peer,
            )?;
        }
        Ok(())
    }

    /// Who proposed the terms `kind` would accept (`EA`: the proposal, `EC`: the
    /// revision), if any.
    fn pending_proposer(&self, kind: MessageType) -> Option<&ParticipantId> {
        match (kind, &self.staged.embargo) {
            (MessageType::EA, Embargo::Proposed { proposed_by, .. }) => Some(proposed_by),
            (MessageType::EC, Embargo::Revise { revision_by, .. }) => Some(revision_by),
            _ => None,
        }
    }

    fn reply(&mut self, from: usize, to: usize, answering: MessageType, replies: &[MessageType]) {
        let (Some(from), Some(to)) = (self.id(from), self.id(to)) else {
            return;
        };
        for &kind in replies {
            self.staged.effects.push(Effect::Send(Outgoing {
                kind,
                from: Origin::Participant(from.clone()),
                to: vec![to.clone()],
                payload: Payload::None,
                in_reply_to: Some(answering),
            }));
        }
    }

    /// An embargo message after disclosure (reference §5): a proposal is refused
    /// with `ER` (and a pending one dropped), a revision ends the embargo with `ET`.
    fn embargo_after_disclosure(
        &mut self,
        sender: usize,
        kind: MessageType,
        recipients: &[usize],
        error: CaseError,
    ) -> Result<(), CaseError> {
        use MessageType as M;
        let reply = match (kind, self.staged.embargo.state()) {
            (M::EP, EmState::None) => M::ER,
            (M::EP | M::EA, EmState::Proposed) => {
                self.staged.embargo = Embargo::None;
                self.reset_consent();
                M::ER
            }
            (M::EV | M::EJ | M::EC, EmState::Active | EmState::Revise) => {
                self.end_embargo(self.disclosure_reason());
                M::ET
            }
            _ => return Err(error),
        };
        let detail = format!(
            "`{kind}` arrived while the case is `{}`: answered with `{reply}`",
            self.view(sender).cs()
        );
        self.warn(Rule::EmbargoAfterDisclosure, Some(sender), detail);
        for &r in recipients {
            self.reply(r, sender, kind, crate::message::single(reply));
        }
        Ok(())
    }

    // ----- embargo and consent --------------------------------------------------

    fn check_terms(&self, terms: &EmbargoTerms) -> Result<(), CaseError> {
        let reason = if !terms.is_well_formed() {
            "ends before it starts"
        } else if terms.end <= self.now {
            "has already ended"
        } else {
            return Ok(());
        };
        Err(CaseError::InvalidTerms {
            terms: *terms,
            reason,
        })
    }

    /// Moves the embargo to `target` (the EM state the send rule computed), keeping
    /// its terms in the right variant, and updates consent.
    fn move_embargo(
        &mut self,
        kind: MessageType,
        sender: usize,
        payload: &Payload,
        target: EmState,
        recorded: crate::set::Set<CsEvent>,
    ) {
        use MessageType as M;
        let Some(by) = self.id(sender) else { return };
        let now = self.now;
        let current = core::mem::replace(&mut self.staged.embargo, Embargo::None);
        let terms_in = match payload {
            Payload::Embargo(terms) => Some(*terms),
            _ => None,
        };
        let (next, record) = match (kind, current, terms_in) {
            (M::EP, Embargo::None | Embargo::Proposed { .. }, Some(terms)) => {
                self.consent_all(PecState::Invited, Some(sender));
                self.consent(sender, PecState::Signatory);
                (
                    Embargo::Proposed {
                        terms,
                        proposed_by: by,
                    },
                    None,
                )
            }
            (M::EA, Embargo::Proposed { terms, proposed_by }, _) => {
                self.consent(sender, PecState::Signatory);
                self.deadline(terms.end);
                let record = record(terms, &proposed_by, &by, now, true, false);
                (Embargo::Active { terms, proposed_by }, Some(record))
            }
            (M::ER, Embargo::Proposed { terms, proposed_by }, _) => {
                self.reset_consent();
                self.consent(sender, PecState::Declined);
                let record = record(terms, &proposed_by, &by, now, false, false);
                (Embargo::None, Some(record))
            }
            (
                M::EV,
                Embargo::Active { terms, proposed_by }
                | Embargo::Revise {
                    terms, proposed_by, ..
                },
                Some(pending),
            ) => (
                Embargo::Revise {
                    terms,
                    proposed_by,
                    pending,
                    revision_by: by,
                },
                None,
            ),
            (
                M::EC,
                Embargo::Revise {
                    pending,
                    revision_by,
                    ..
                },
                _,
            ) => {
                for i in 0..self.staged.status.len() {
                    if i != sender && self.id(i).as_ref() != Some(&revision_by) {
                        self.lapse(i);
                    }
                }
                self.consent(sender, PecState::Signatory);
                if let Some(proposer) = self.case.index_of(&revision_by) {
                    self.consent(proposer, PecState::Signatory);
                }
                self.deadline(pending.end);
                let record = record(pending, &revision_by, &by, now, true, true);
                (
                    Embargo::Active {
                        terms: pending,
                        proposed_by: revision_by,
                    },
                    Some(record),
                )
            }
            (
                M::EJ,
                Embargo::Revise {
                    terms,
                    proposed_by,
                    pending,
                    revision_by,
                },
                _,
            ) => {
                let record = record(pending, &revision_by, &by, now, false, true);
                (Embargo::Active { terms, proposed_by }, Some(record))
            }
            (M::ET, Embargo::Active { terms, .. } | Embargo::Revise { terms, .. }, _) => {
                self.reset_consent();
                (
                    Embargo::Exited {
                        terms,
                        at: now,
                        reason: EmbargoEnd::Terminated,
                    },
                    None,
                )
            }
            (_, current, _) => (current, None),
        };
        self.staged.embargo = next;
        self.staged.records.extend(record);
        // Public awareness, a public exploit or (by policy) attacks tear it down.
        if self.staged.embargo.state() != target
            && recorded.iter().any(|e| self.options.ends_embargo(e))
        {
            let reason = if recorded.contains(CsEvent::ExploitPublic) {
                EmbargoEnd::ExploitPublic
            } else if recorded.contains(CsEvent::PublicAware) {
                EmbargoEnd::PublicAware
            } else {
                EmbargoEnd::AttacksObserved
            };
            self.end_embargo(reason);
        }
    }

    /// Tears the embargo down: a proposal is dropped (`P→N`), one in force ends
    /// (`A/R→X`).
    fn end_embargo(&mut self, reason: EmbargoEnd) {
        let now = self.now;
        self.staged.embargo = match core::mem::replace(&mut self.staged.embargo, Embargo::None) {
            Embargo::Proposed { .. } => Embargo::None,
            Embargo::Active { terms, .. } | Embargo::Revise { terms, .. } => Embargo::Exited {
                terms,
                at: now,
                reason,
            },
            other => other,
        };
        self.reset_consent();
    }

    fn disclosure_reason(&self) -> EmbargoEnd {
        let pxa = self.staged.pxa;
        if pxa.exploit_public() {
            EmbargoEnd::ExploitPublic
        } else if pxa.public_aware() {
            EmbargoEnd::PublicAware
        } else {
            EmbargoEnd::AttacksObserved
        }
    }

    fn deadline(&mut self, at: DateTime<Utc>) {
        self.staged.effects.push(Effect::Deadline(Deadline {
            at,
            kind: DeadlineKind::EmbargoEnds,
        }));
    }

    /// Moves `i`'s consent towards `target`. A participant that no longer takes part
    /// (closed: "a closed participant ignores everything", reference §5; or removed)
    /// keeps the consent it had.
    fn consent(&mut self, i: usize, target: PecState) {
        if let Some(status) = self.status(i)
            && takes_part(status)
        {
            status.consent = consent_path(status.consent, target);
        }
    }

    fn consent_all(&mut self, target: PecState, except: Option<usize>) {
        for i in 0..self.staged.status.len() {
            if Some(i) != except {
                self.consent(i, target);
            }
        }
    }

    fn reset_consent(&mut self) {
        self.consent_all(PecState::NoEmbargo, None);
    }

    fn lapse(&mut self, i: usize) {
        if let Some(status) = self.status(i)
            && takes_part(status)
            && let Some(next) = Pec::next(status.consent, PecAction::Revise)
        {
            status.consent = next;
        }
    }

    // ----- warnings and refusals ------------------------------------------------

    fn should_warnings(
        &mut self,
        sender: usize,
        kind: MessageType,
        before: ProtocolState,
        recorded: crate::set::Set<CsEvent>,
        recipients: &[usize],
    ) {
        use MessageType as M;
        let em = before.em();
        if matches!(kind, M::EP | M::EA | M::EV | M::EC)
            && matches!(before.rm(), RmState::Invalid | RmState::Deferred)
        {
            let detail = format!(
                "`{kind}` from a participant whose report is `{}`",
                before.rm()
            );
            self.warn(Rule::EmbargoInactiveParticipant, Some(sender), detail);
        }
        if matches!(kind, M::EP | M::EV) && self.any_fix_ready() {
            let detail =
                format!("`{kind}`: a fix is ready, new embargo negotiations should not start");
            self.warn(Rule::EmbargoAfterFix, Some(sender), detail);
        }
        if em.is_in_force() {
            if recorded.contains(CsEvent::FixDeployed) {
                self.warn(
                    Rule::EmbargoShouldEnd,
                    Some(sender),
                    "a fix is deployed: the embargo should end".to_owned(),
                );
            }
            if recorded.contains(CsEvent::AttacksObserved) && !self.options.attacks_end_embargo {
                self.warn(
                    Rule::EmbargoShouldEnd,
                    Some(sender),
                    "attacks observed: the embargo should end".to_owned(),
                );
            }
            if recorded.contains(CsEvent::ExploitPublic) {
                self.warn(
                    Rule::ExploitDuringEmbargo,
                    Some(sender),
                    "an exploit was released while the embargo was in force".to_owned(),
                );
            }
        }
        if recorded.contains(CsEvent::PublicAware) {
            let unaware: Vec<usize> = (0..self.staged.status.len())
                .filter(|&i| {
                    self.roles(i).scope() == crate::protocol::CsScope::Vendor
                        && self.staged.status.get(i).is_some_and(|s| {
                            s.membership == Membership::Member && s.vfd == crate::cs::Vfd::Unaware
                        })
                        && i != sender
                        // A recipient is told now, and becomes aware on receipt.
                        && !recipients.contains(&i)
                })
                .collect();
            for i in unaware {
                self.warn(
                    Rule::VendorUnawareAtPublication,
                    Some(i),
                    "the public is aware but this vendor is not: notify it now".to_owned(),
                );
            }
        }
    }

    fn any_fix_ready(&self) -> bool {
        self.staged
            .status
            .iter()
            .any(|s| s.membership == Membership::Member && s.vfd >= crate::cs::Vfd::FixReady)
    }

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
}

fn record(
    terms: EmbargoTerms,
    proposed_by: &ParticipantId,
    decided_by: &ParticipantId,
    at: DateTime<Utc>,
    accepted: bool,
    revision: bool,
) -> EmbargoRecord {
    EmbargoRecord {
        terms,
        proposed_by: proposed_by.clone(),
        decided_by: decided_by.clone(),
        at,
        accepted,
        revision,
    }
}

/// The consent reached from `from` by the PEC table's path to `target`: reset, then
/// invite, accept or decline. Stays at `from` if the table offers no path.
pub(super) fn consent_path(from: PecState, target: PecState) -> PecState {
    if from == target {
        return from;
    }
    let step = match target {
        PecState::NoEmbargo => None,
        PecState::Invited => Some(PecAction::Invite),
        PecState::Signatory => Some(PecAction::Accept),
        PecState::Declined => Some(PecAction::Decline),
        PecState::Lapsed => return Pec::next(from, PecAction::Revise).unwrap_or(from),
    };
    let reset = Pec::next(from, PecAction::Reset).unwrap_or(from);
    match step {
        None => reset,
        Some(action) => Pec::next(reset, action).unwrap_or(from),
    }
}

/// The messages announcing the shortest path of RM actions from `from` to `to`
/// that the participant takes itself (receiving the report is not one of them).
fn rm_path(from: RmState, to: RmState) -> Option<Vec<MessageType>> {
    use crate::rm::{Rm, RmAction};
    let announce = |action: RmAction| match action {
        RmAction::Validate => Some(MessageType::RV),
        RmAction::Invalidate => Some(MessageType::RI),
        RmAction::Accept => Some(MessageType::RA),
        RmAction::Defer => Some(MessageType::RD),
        RmAction::Close => Some(MessageType::RC),
        RmAction::Receive => None,
    };
    let mut frontier: Vec<(RmState, Vec<MessageType>)> = vec![(from, Vec::new())];
    let mut seen = vec![from];
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for (state, path) in frontier {
            if state == to {
                return Some(path);
            }
            for row in Rm::TRANSITIONS.iter().filter(|row| row.from == state) {
                if let Some(message) = announce(row.action)
                    && !seen.contains(&row.to)
                {
                    seen.push(row.to);
                    let mut longer = path.clone();
                    longer.push(message);
                    next.push((row.to, longer));
                }
            }
        }
        frontier = next;
    }
    None
}

fn find_dispute(disputes: &mut [Dispute], id: u32) -> Result<&mut Dispute, CaseError> {
    disputes
        .iter_mut()
        .find(|d| d.id == id)
        .ok_or_else(|| CaseError::UnknownRecord {
            reason: format!("there is no dispute {id}"),
        })
}

/// Whether a participant still takes part in the case: a member whose report is
/// not closed.
fn takes_part(status: &ParticipantStatus) -> bool {
    status.membership == Membership::Member && status.rm != RmState::Closed
}

fn check_text(len: usize) -> Result<(), CaseError> {
    if len > MAX_TEXT_LEN {
        return Err(CaseError::TooLarge {
            what: Limit::Text,
            limit: MAX_TEXT_LEN,
            found: len,
        });
    }
    Ok(())
}
