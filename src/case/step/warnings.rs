//! The protocol's SHOULD rules: warnings, never refusals.

use super::Work;
use crate::cs::{CaseState, CsEvent, Vfd};
use crate::message::{self, Caution, MessageType};
use crate::protocol::ProtocolState;
use crate::rm::RmState;
use crate::rule::Rule;
use crate::set::Set;

impl Work<'_> {
    pub(super) fn should_warnings(
        &mut self,
        sender: usize,
        kind: MessageType,
        before: ProtocolState,
        recorded: Set<CsEvent>,
        cautions: Set<Caution>,
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
        // SHOULD-level cautions of the send rules, in the sender's view and in what
        // the case knows (another member's fix is ready).
        let known = if self.any_fix_ready() {
            CaseState::new(Vfd::FixReady, before.cs().pxa())
        } else {
            before.cs()
        };
        for caution in cautions.union(message::cautions(kind, known)).iter() {
            self.warn(caution.rule(), Some(sender), caution.detail(kind));
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
            let unaware: Vec<usize> = self
                .after
                .participants
                .iter()
                .filter(|&(i, p, s)| {
                    p.roles.scope().is_vendor()
                        && s.is_member()
                        && s.vfd == Vfd::Unaware
                        && i != sender
                        // A recipient is told now, and becomes aware on receipt.
                        && !recipients.contains(&i)
                })
                .map(|(i, _, _)| i)
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
        self.after
            .participants
            .iter()
            .any(|(_, _, s)| s.is_member() && s.vfd >= Vfd::FixReady)
    }
}
