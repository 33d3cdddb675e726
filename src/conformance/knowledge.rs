//! Format 2's timing record: what each participant knew when it sent a message.
//!
//! In the engine's hub model a message is an input when it reaches the case, and
//! the case judges it against every state it has made known to its sender and
//! not yet seen confirmed ([`crate::view`]): it cannot tell which of them the
//! sender held. A recorder that knows when the sender *sent* the message (`sent`)
//! and when the messages each step made due were *delivered* to each recipient
//! (`delivered`) knows exactly: the sender knew the case's shared state (EM state
//! and public facts) as it stood after the latest step whose notice had reached
//! it, or that it took itself, or at which it joined, by the time it sent.
//!
//! The checker then judges the message against that state with the send rules
//! ([`crate::message::send`]): a message the case accepts (some view allowed it)
//! but that what its sender knew does not allow is a violation by the sender
//! (claim `sent`); e.g. a late `EA` sent *after* its sender was told that the
//! embargo was in force. A delivery to someone the step made no message due to,
//! or before the step, and a message sent after it reached the case, are
//! contradictions.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::checker::{Findings, when};
use super::trace::Step;
use super::verdict::DeviationKind;
use crate::case::{Case, Effect, Input};
use crate::cs::{CaseState, Vfd};
use crate::message::{MessageType, send};
use crate::participant::ParticipantId;
use crate::protocol::ProtocolState;
use crate::rm::RmState;
use crate::role::RoleSet;
use crate::view::Told;

/// The most facts kept per participant (older ones can no longer be the latest
/// known at a later send, except through out-of-order records).
const MAX_FACTS: usize = 4096;

/// When a participant came to know a shared state.
#[derive(Debug, Clone, Copy)]
struct Fact {
    at: DateTime<Utc>,
    /// 0 for the case's setup, `i + 1` for step `i`.
    seq: usize,
    told: Told,
}

/// Every participant's facts.
#[derive(Debug, Default)]
pub(super) struct Knowledge {
    facts: BTreeMap<ParticipantId, Vec<Fact>>,
}

/// A message's sender as it stood before the step.
#[derive(Debug, Clone)]
pub(super) struct Sender {
    id: ParticipantId,
    kind: MessageType,
    sent: DateTime<Utc>,
    rm: RmState,
    vfd: Vfd,
    roles: RoleSet,
}

fn hub(case: &Case) -> Told {
    Told {
        em: case.em(),
        pxa: case.pxa(),
    }
}

impl Knowledge {
    /// The starting participants know the case as it is set up.
    pub(super) fn new(case: &Case, start: DateTime<Utc>) -> Self {
        let mut out = Self::default();
        for p in case.participants() {
            out.learn(p.id(), start, 0, hub(case));
        }
        out
    }

    fn learn(&mut self, id: &ParticipantId, at: DateTime<Utc>, seq: usize, told: Told) {
        let facts = self.facts.entry(id.clone()).or_default();
        if facts.len() >= MAX_FACTS {
            facts.remove(0);
        }
        facts.push(Fact { at, seq, told });
    }

    /// The sender of a message step that says when it was sent.
    pub(super) fn sender(&self, case: &Case, step: &Step) -> Option<Sender> {
        let (Input::Message { message }, Some(sent)) = (&step.input, step.sent) else {
            return None;
        };
        let p = case.participant(&message.from)?;
        Some(Sender {
            id: message.from.clone(),
            kind: message.kind,
            sent,
            rm: p.rm(),
            vfd: p.vfd(),
            roles: p.roles(),
        })
    }

    /// The shared state `id` knew at `at`: after the latest step it had learnt of.
    fn known(&self, id: &ParticipantId, at: DateTime<Utc>) -> Option<Told> {
        self.facts
            .get(id)?
            .iter()
            .filter(|f| f.at <= at)
            .max_by_key(|f| f.seq)
            .map(|f| f.told)
    }

    /// Judges an accepted message against what its sender knew when it sent it.
    pub(super) fn judge_sent(
        &self,
        case: &Case,
        step: &Step,
        sender: &Sender,
        out: &mut Findings<'_>,
    ) {
        if sender.sent > step.at {
            out.contradiction(
                Some(&sender.id),
                "sent",
                format!(
                    "a message is sent before it reaches the case ({})",
                    when(step.at)
                ),
                format!("the trace says it was sent at {}", when(sender.sent)),
            );
            return;
        }
        let Some(told) = self.known(&sender.id, sender.sent) else {
            return;
        };
        let state = told.state(sender.rm, sender.vfd).unwrap_or_else(|| {
            ProtocolState::assemble(sender.rm, told.em, CaseState::new(sender.vfd, told.pxa))
        });
        if let Err(e) = send(
            sender.kind,
            state,
            sender.roles,
            case.policy().protocol_options(),
        ) {
            out.push(
                DeviationKind::Violation,
                Some(sender.id.clone()),
                Some(e.rule()),
                "sent",
                format!(
                    "`{}` sent at {} while `{}` knew `({}, {})`: {e}",
                    sender.kind,
                    when(sender.sent),
                    sender.id,
                    told.em,
                    told.pxa
                ),
                "the trace takes it as allowed by what its sender knew".to_owned(),
            );
        }
    }

    /// After an accepted step: its author knows the result, a newcomer the case
    /// it joins, each recipient of its messages the result once delivered.
    pub(super) fn record(
        &mut self,
        case: &Case,
        step: &Step,
        effects: &[Effect],
        out: &mut Findings<'_>,
    ) {
        let Some(seq) = out.step_seq() else {
            return;
        };
        let told = hub(case);
        if let Some(author) = super::checker::actor(&step.input) {
            self.learn(&author, step.sent.unwrap_or(step.at), seq, told);
        }
        if let Input::AddParticipant { participant, .. } = &step.input {
            self.learn(&participant.id, step.at, seq, told);
        }
        for (to, at) in &step.delivered {
            // The message itself (relayed by the caller) or one the step made due.
            let relayed =
                matches!(&step.input, Input::Message { message } if message.to.contains(to));
            let due = relayed
                || effects.iter().any(|e| match e {
                    Effect::Send(m) => m.to.contains(to),
                    _ => false,
                });
            if !due {
                out.contradiction(
                    Some(to),
                    "delivered",
                    format!("the step neither relays a message to `{to}` nor makes one due to it"),
                    format!("the trace says one reached it at {}", when(*at)),
                );
            } else if *at < step.at {
                out.contradiction(
                    Some(to),
                    "delivered",
                    format!(
                        "a message is delivered after the step that makes it due ({})",
                        when(step.at)
                    ),
                    format!("the trace says at {}", when(*at)),
                );
            } else {
                self.learn(to, *at, seq, told);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    /// A participant told more than [`MAX_FACTS`] states keeps the latest
    /// [`MAX_FACTS`]: a long trace costs at most that many facts a participant.
    #[test]
    fn facts_are_capped_per_participant_oldest_dropped() {
        let fay = ParticipantId::new("fay").unwrap();
        let at = DateTime::<Utc>::UNIX_EPOCH;
        let mut knowledge = Knowledge::default();
        for seq in 0..MAX_FACTS + 10 {
            knowledge.learn(&fay, at, seq, Told::START);
        }
        let facts = &knowledge.facts[&fay];
        assert_eq!(facts.len(), MAX_FACTS);
        assert_eq!(facts[0].seq, 10);
        assert_eq!(facts[MAX_FACTS - 1].seq, MAX_FACTS + 9);
    }
}
