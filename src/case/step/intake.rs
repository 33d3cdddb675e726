//! `Input::Message`: a peer's message arriving at the hub.
//!
//! The recipients' receipt ([`receive`]) is computed first. Where it says the
//! message crossed a change its sender may not have seen (an embargo message after
//! disclosure: `Outcome::EmbargoRefused`; a termination of an embargo already
//! ended: `Unchanged`), the message is answered as the receive table says and the
//! embargo follows the state it computed; the sender's send rule then binds only
//! its role and report state. Otherwise the message goes through the shared step
//! ([`Work::announce`]).

use std::borrow::Cow;

use super::announce::Sending;
use super::{Mode, Who, Work, check_text};
use crate::case::MAX_PARTICIPANTS;
use crate::case::embargo::{EmbargoEnd, EmbargoStep};
use crate::case::error::{Attempt, CaseError, Limit};
use crate::case::input::Message;
use crate::case::roster::Indices;
use crate::em::EmState;
use crate::message::{MessageKind, MessageModel, MessageType, Outcome, Reception, receive, send};
use crate::rule::Rule;

impl Work<'_> {
    pub(super) fn message(&mut self, message: &Message) -> Result<(), CaseError> {
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
        let who = Who {
            index: sender,
            id: &message.from,
        };
        let attempt = Attempt::Message(kind);
        let statement = kind.kind() == MessageKind::Statement;
        // Replies follow the send table too (a closed participant sends nothing).
        // A `CV` naming another vendor is judged by the send table's notifier row.
        let subject = self.awareness_subject(who, kind, &message.payload, attempt, Mode::Peer)?;
        let roles = self.sending_roles(sender, subject);
        // A statement is judged against every view its sender could hold (views.rs):
        // one the case's state refuses may have crossed a notice in flight. The
        // judgement's verdict on the case's state is the send table's answer.
        let judged = statement.then(|| self.judge_sender(sender, kind, roles));
        let sent = match &judged {
            Some(judged) => judged.current,
            None => send(kind, self.view(sender), roles, self.options),
        };
        let crossed = match &sent {
            Ok(_) => None,
            Err(_) if statement => self.crossing(kind, sender, &recipients),
            Err(_) => None,
        };
        let stale = judged.as_ref().and_then(|j| j.stale()).map(|(k, _)| k);
        if let (Err(e), None, None) = (&sent, &crossed, stale) {
            return Err(self.refusal(
                who,
                attempt,
                e.rule(),
                e.to_string(),
                Some(kind.error()),
                Mode::Peer,
            ));
        }
        self.heard(sender);
        if kind.kind() == MessageKind::Ack {
            self.acknowledged(sender, kind);
        }
        let result = match (crossed, stale) {
            (Some(got), _) if got.outcome == Outcome::EmbargoRefused => {
                self.refused_after_disclosure(sender, kind, &recipients, got);
                Ok(())
            }
            (Some(_), _) => {
                self.replies(sender, kind, &recipients);
                Ok(())
            }
            // Acknowledgements and error replies change no state; the recipients
            // answer as the protocol prescribes (e.g. RE → RK + GI).
            (None, _) if !statement => {
                self.replies(sender, kind, &recipients);
                Ok(())
            }
            // Refused by the case's state but allowed by a view the sender held
            // before a notice reached it: it crossed that notice.
            (None, Some(k)) if sent.is_err() => {
                let told = self
                    .state(sender)
                    .and_then(|s| s.view.entries().get(k).copied())
                    .unwrap_or_default();
                self.crossed(who, kind, &recipients, told)
            }
            (None, _) => self.announce_sent(
                who,
                kind,
                Cow::Borrowed(&message.payload),
                &recipients,
                Sending {
                    subject,
                    sent,
                    attempt,
                    mode: Mode::Peer,
                },
            ),
        };
        if result.is_ok()
            && let Some(judged) = &judged
        {
            self.sent_from(sender, judged);
        }
        self.from = Some(sender);
        self.to = recipients;
        result
    }

    /// The recipients' reception of an embargo message the case's state no longer
    /// lets its sender send, if the receive table resolves it as a crossing (the
    /// sender's role and report state allowing the message): refused after
    /// disclosure, or a termination of an embargo already ended.
    fn crossing(
        &self,
        kind: MessageType,
        sender: usize,
        recipients: &[usize],
    ) -> Option<Reception> {
        let rule = kind.send_rule();
        let sender_rm = self.view(sender).rm();
        let may_send = (rule.roles.is_empty() || self.roles(sender).contains_any(rule.roles))
            && rule.rm_states().contains(sender_rm);
        if kind.model() != MessageModel::Embargo || !may_send {
            return None;
        }
        recipients
            .iter()
            .map(|&r| receive(kind, self.view(r), self.roles(r), self.options))
            .find(|got| {
                got.outcome == Outcome::EmbargoRefused
                    || (got.outcome == Outcome::Unchanged && got.state.em() == EmState::Exited)
            })
    }

    /// Each recipient answers as its receipt prescribes; no state changes.
    fn replies(&mut self, sender: usize, kind: MessageType, recipients: &[usize]) {
        for (k, &r) in recipients.iter().enumerate() {
            let got = receive(kind, self.view(r), self.roles(r), self.options);
            // Room for these replies and as many from each recipient left.
            let left = recipients.len().saturating_sub(k);
            self.expect_effects(got.replies.len().saturating_mul(left));
            self.reply(r, sender, kind, got.replies);
        }
    }

    /// An embargo message after disclosure ([reference §5](crate::reference)): a proposal is refused
    /// with `ER` (and a pending one dropped), a revision ends the embargo with `ET`.
    fn refused_after_disclosure(
        &mut self,
        sender: usize,
        kind: MessageType,
        recipients: &[usize],
        got: Reception,
    ) {
        if let Some(by) = self.id(sender) {
            let step = EmbargoStep {
                kind,
                by: &by,
                terms: None,
                now: self.now,
                end: EmbargoEnd::on_disclosure(self.after.pxa),
            };
            self.follow_embargo(got.state.em(), step);
        }
        let answer: Vec<String> = got.replies.iter().map(ToString::to_string).collect();
        let detail = format!(
            "`{kind}` arrived while the case is `{}`: answered with `{}`",
            self.view(sender).cs(),
            answer.join(" ")
        );
        self.warn(Rule::EmbargoAfterDisclosure, Some(sender), detail);
        for &r in recipients {
            self.reply(r, sender, kind, got.replies);
        }
    }

    fn recipients(&self, message: &Message, sender: usize) -> Result<Indices, CaseError> {
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
        let mut out = Indices::with_capacity(message.to.len());
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
}
