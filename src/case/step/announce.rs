//! The shared step: a participant announces a message to recipients. The send
//! table moves the sender and the case, the receive table each recipient, and the
//! embargo's data follows the EM state the send table computed.

use std::borrow::Cow;

use super::{Mode, Who, Work};
use crate::case::effect::{Effect, Origin, Outgoing};
use crate::case::embargo::{Embargo, EmbargoEnd, EmbargoStep, EmbargoTerms};
use crate::case::error::{Attempt, CaseError};
use crate::case::input::Payload;
use crate::cs::{CsEvent, Vfd};
use crate::message::{MessageType, Outcome, SendError, Sent, receipt_is_inert, receive, send};
use crate::participant::{ParticipantId, ParticipantStatus};
use crate::role::{Role, RoleSet};
use crate::rule::Rule;

/// A message's send, judged: whose awareness a `CV` reports (see
/// [`Work::awareness_subject`]), the send table's answer, and how the message came.
pub(super) struct Sending {
    pub(super) subject: Option<usize>,
    pub(super) sent: Result<Sent, SendError>,
    pub(super) attempt: Attempt,
    pub(super) mode: Mode,
}

impl Work<'_> {
    /// `sender` announces `kind` to `recipients`: checks the send rule, moves the
    /// sender and the case, applies each recipient's receipt, and records effects.
    /// An owned `payload` (a local action's) moves into the message it goes with;
    /// a borrowed one (a peer's, which makes no message) is only read.
    pub(super) fn announce(
        &mut self,
        who: Who<'_>,
        kind: MessageType,
        payload: Cow<'_, Payload>,
        recipients: &[usize],
        attempt: Attempt,
        mode: Mode,
    ) -> Result<(), CaseError> {
        let subject = self.awareness_subject(who, kind, &payload, attempt, mode)?;
        let roles = self.sending_roles(who.index, subject);
        let sent = send(kind, self.view(who.index), roles, self.options);
        self.announce_sent(
            who,
            kind,
            payload,
            recipients,
            Sending {
                subject,
                sent,
                attempt,
                mode,
            },
        )
    }

    /// [`Work::announce`] with the sender's send rule already checked: `sending`
    /// says whose awareness a `CV` reports and what the send table answered (a peer's
    /// message is judged before it is announced, see `intake`).
    pub(super) fn announce_sent(
        &mut self,
        who: Who<'_>,
        kind: MessageType,
        payload: Cow<'_, Payload>,
        recipients: &[usize],
        sending: Sending,
    ) -> Result<(), CaseError> {
        let Sending {
            subject,
            sent,
            attempt,
            mode,
        } = sending;
        let sender = who.index;
        let before = self.view(sender);
        let sent = sent.map_err(|e| {
            self.refusal(
                who,
                attempt,
                e.rule(),
                e.to_string(),
                Some(kind.error()),
                mode,
            )
        })?;
        let terms = match &*payload {
            Payload::Embargo(terms) => Some(*terms),
            _ => None,
        };
        if let Some(terms) = &terms {
            self.check_terms(terms)?;
        }
        if crate::rules::self_accept(kind, self.pending_proposer(kind) == Some(who.id)) {
            let proposer = who.id;
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
        | (MessageType::EC, Embargo::Revise { pending: terms, .. }) = (kind, &self.after.embargo)
        {
            self.check_terms(terms)?;
        }
        self.announced(who, kind, attempt, mode)?;
        self.should_warnings(
            sender,
            kind,
            before,
            sent.recorded,
            sent.cautions,
            recipients,
        );
        let now = self.now;
        if let Some(status) = self.status(sender) {
            status.rm = sent.state.rm();
            status.vfd = sent.state.cs().vfd();
            if sent.recorded.contains(CsEvent::FixReady) {
                status.fix_ready_at = Some(now);
            }
        }
        if let Some(vendor) = subject {
            self.made_aware(vendor);
        }
        self.after.pxa = sent.state.cs().pxa();
        if self.after.pxa.attacks_observed() && self.after.attacks_observed_at.is_none() {
            self.after.attacks_observed_at = Some(now);
        }
        let step = EmbargoStep {
            kind,
            by: who.id,
            terms,
            now,
            end: EmbargoEnd::on_disclosure(self.after.pxa),
        };
        self.follow_embargo(sent.state.em(), step);
        // A receipt that moves no one and is never unexpected leaves nothing to do
        // where no reply is made (a local announcement).
        let receipts = if mode == Mode::Local && receipt_is_inert(kind) {
            &[][..]
        } else {
            recipients
        };
        for (k, &r) in receipts.iter().enumerate() {
            // The recipient receives in the case as the sender saw it.
            let Some(view) = self.view_with(r, before.em(), before.cs().pxa()) else {
                continue;
            };
            let got = receive(kind, view, self.roles(r), self.options);
            // (Most receipts leave the state as it was: one comparison.)
            if got.state != view
                && (got.state.rm() != view.rm() || got.state.cs().vfd() != view.cs().vfd())
            {
                let reached = !view.rm().is_reached() && got.state.rm().is_reached();
                if let Some(status) = self.status(r) {
                    if reached {
                        status.reached_at = Some(now);
                    }
                    status.rm = got.state.rm();
                    status.vfd = got.state.cs().vfd();
                }
            }
            if got.outcome == Outcome::Unexpected {
                let detail = format!("`{kind}` was unexpected for a recipient in {view}");
                self.warn(Rule::ReceiveUnexpected, Some(r), detail);
            }
            if mode == Mode::Peer {
                // Room for these replies and as many from each recipient left.
                let left = recipients.len().saturating_sub(k);
                self.expect_effects(got.replies.len().saturating_mul(left));
                self.reply(r, sender, kind, got.replies);
            }
        }
        if mode == Mode::Local
            && !recipients.is_empty()
            && let Some((&last, rest)) = sent.messages.split_last()
        {
            for &m in sent.messages {
                self.notify(m, None, recipients);
            }
            self.expect_effects(sent.messages.len());
            let to = self.ids(recipients);
            let from = Origin::Participant(who.id.clone());
            let outgoing = |m, from, to, payload| {
                Effect::Send(Outgoing {
                    kind: m,
                    from,
                    to,
                    payload,
                    in_reply_to: None,
                })
            };
            let payload_of = |m| {
                if m == kind {
                    payload.as_ref().clone()
                } else {
                    Payload::None
                }
            };
            for &m in rest {
                self.push(outgoing(m, from.clone(), to.clone(), payload_of(m)));
            }
            // The last message takes the recipients' ids and the payload rather
            // than copies.
            let payload = if last == kind {
                payload.into_owned()
            } else {
                Payload::None
            };
            self.push(outgoing(last, from, to, payload));
        }
        Ok(())
    }

    /// Whose awareness a `CV` reports, if another's: `None` for the sender's own
    /// (no payload, or naming itself) and for every other message; the named
    /// vendor's index for a `CV` from its notifier.
    ///
    /// # Errors
    /// A refusal (rule `message.payload`) when a `CV` from a participant that is
    /// not a vendor names no one, or names someone who is not a member vendor.
    pub(super) fn awareness_subject(
        &self,
        who: Who<'_>,
        kind: MessageType,
        payload: &Payload,
        attempt: Attempt,
        mode: Mode,
    ) -> Result<Option<usize>, CaseError> {
        if kind != MessageType::CV {
            return Ok(None);
        }
        let refuse = |reason: String| {
            self.refusal(
                who,
                attempt,
                Rule::MessagePayload,
                reason,
                Some(MessageType::CE),
                mode,
            )
        };
        let named = match payload {
            Payload::Participant { participant } => participant,
            _ if self.roles(who.index).contains(Role::Vendor) => return Ok(None),
            _ => {
                return Err(refuse(
                    "a `CV` from a participant that is not a vendor must name the vendor whose awareness it reports (payload `participant`)"
                        .to_owned(),
                ));
            }
        };
        if named == who.id {
            return if self.roles(who.index).contains(Role::Vendor) {
                Ok(None)
            } else {
                Err(refuse(format!(
                    "the `CV` names its sender `{named}`, who is not a vendor"
                )))
            };
        }
        let Some(i) = self.index_of(named) else {
            return Err(refuse(format!(
                "the `CV` names `{named}`, who is not a participant of this case"
            )));
        };
        if !self.state(i).is_some_and(ParticipantStatus::is_member) {
            return Err(refuse(format!(
                "the `CV` names `{named}`, who was removed from this case"
            )));
        }
        if !self.roles(i).contains(Role::Vendor) {
            return Err(refuse(format!(
                "the `CV` names `{named}`, who is not a vendor: only a vendor's awareness is reported"
            )));
        }
        Ok(Some(i))
    }

    /// The roles `sender`'s message is judged with: none when it reports another
    /// participant's transition (a `CV` naming another vendor: the send table's
    /// `on_behalf` row, whatever the sender's own roles), else its own.
    pub(super) fn sending_roles(&self, sender: usize, subject: Option<usize>) -> RoleSet {
        if subject.is_some() {
            RoleSet::EMPTY
        } else {
            self.roles(sender)
        }
    }

    /// The vendor `i` is aware of the report (a `CV` from its notifier): its fix
    /// status takes `V` if it had not; its RM state is its own (reference decision 5).
    fn made_aware(&mut self, i: usize) {
        if let Some(status) = self.status(i)
            && status.vfd == Vfd::Unaware
            && let Some(aware) = status.vfd.after(CsEvent::VendorAware)
        {
            status.vfd = aware;
        }
    }

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

    /// Who proposed the terms `kind` would accept (`EA`: the proposal, `EC`: the
    /// revision), if any.
    fn pending_proposer(&self, kind: MessageType) -> Option<&ParticipantId> {
        match (kind, &self.after.embargo) {
            (MessageType::EA, Embargo::Proposed { proposed_by, .. }) => Some(proposed_by),
            (MessageType::EC, Embargo::Revise { revision_by, .. }) => Some(revision_by),
            _ => None,
        }
    }
}
