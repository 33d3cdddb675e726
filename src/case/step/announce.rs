//! The shared step: a participant announces a message to recipients. The send
//! table moves the sender and the case, the receive table each recipient, and the
//! embargo's data follows the EM state the send table computed.

use super::{Mode, Who, Work};
use crate::case::effect::{Effect, Origin, Outgoing};
use crate::case::embargo::{Embargo, EmbargoEnd, EmbargoStep, EmbargoTerms};
use crate::case::error::{Attempt, CaseError};
use crate::case::input::Payload;
use crate::cs::CsEvent;
use crate::message::{MessageType, Outcome, receive, send};
use crate::participant::ParticipantId;
use crate::rule::Rule;

impl Work<'_> {
    /// `sender` announces `kind` to `recipients`: checks the send rule, moves the
    /// sender and the case, applies each recipient's receipt, and records effects.
    pub(super) fn announce(
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
        let terms = match payload {
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
        for &r in recipients {
            // The recipient receives in the case as the sender saw it.
            let Some(view) = self.view_with(r, before.em(), before.cs().pxa()) else {
                continue;
            };
            let got = receive(kind, view, self.roles(r), self.options);
            if got.state.rm() != view.rm() || got.state.cs().vfd() != view.cs().vfd() {
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
                self.reply(r, sender, kind, got.replies);
            }
        }
        if mode == Mode::Local && !recipients.is_empty() {
            let to = self.ids(recipients);
            let from = Origin::Participant(who.id.clone());
            for &m in sent.messages {
                self.push(Effect::Send(Outgoing {
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
