//! The protocol's SHOULD rules: warnings, never refusals.

use super::Work;
use crate::case::roster::Group;
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
        // (Whether another's fix is ready is asked only when the answer matters.)
        let own = message::cautions(kind, before.cs());
        let fixed = message::cautions(kind, CaseState::new(Vfd::FixReady, before.cs().pxa()));
        let known = if fixed != own && self.any_fix_ready() {
            fixed
        } else {
            own
        };
        for caution in cautions.union(known).iter() {
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
            let mut unaware = self.after.participants.group(Group::UnawareVendors);
            // A recipient is told now, and becomes aware on receipt.
            unaware.retain(|i| *i != sender && !recipients.contains(i));
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
        self.after.participants.any_in(Group::FixReady)
    }
}
