//! Authority over the case: who may use each power, checked before an input is
//! applied; and the ownership an input leaves.
//!
//! [`Case::authorise`] finds the [power](Power) an input uses, if any, and checks
//! its author holds it under the case's policy ([`crate::policy::authority`]). It
//! reads the case as it stands before the input (membership and ownership change
//! only by the input itself), so it needs nothing staged. An input using a power
//! must say who did it: acts and messages always do; `AddParticipant`,
//! `RemoveParticipant` and `ChangePolicy` carry `by`, required except while the
//! case is empty (bootstrap: the tracker configures the case, and its first
//! participant opens it and becomes its owner).
//!
//! Where the powers apply:
//! - `ChangePolicy` → `change_policy`; `AddParticipant` → `add_participant`;
//!   `RemoveParticipant` → `remove_participant` (the owner itself cannot be
//!   removed);
//! - `EP` and `EV`, as actions (`ProposeEmbargo`, `ReviseEmbargo`) or messages →
//!   `propose_embargo`; `ET` while an embargo is in force → `terminate_embargo` (a
//!   late `ET`, once the embargo has ended, uses no power);
//! - `CloseCase` → `close_case`, `ReopenCase` → `reopen_case`;
//! - `OfferOwnership` → `transfer_ownership`; `AcceptOwnership` and
//!   `RejectOwnership` are for the offeree of the pending offer alone.

use chrono::{DateTime, Utc};

use super::error::CaseError;
use super::input::{Action, Input};
use super::ownership::{Ownership, OwnershipOffer};
use super::{Case, InvariantViolation};
use crate::message::MessageType;
use crate::participant::{Participant, ParticipantId};
use crate::policy::{Holder, Power};
use crate::role::Role;
use crate::rule::Rule;

impl Case {
    /// The case's owner: the participant that opened it (its first participant), or
    /// whoever accepted its ownership since. `None` while the case has no
    /// participant.
    #[must_use]
    pub const fn owner(&self) -> Option<&ParticipantId> {
        self.data.ownership.owner()
    }

    /// The case's ownership: its owner and the offer pending, if any.
    #[must_use]
    pub const fn ownership(&self) -> &Ownership {
        &self.data.ownership
    }

    /// The ownership offer awaiting its answer, if any.
    #[must_use]
    pub const fn ownership_offer(&self) -> Option<&OwnershipOffer> {
        self.data.ownership.offer()
    }

    /// Whether member `id` holds `power` under the case's policy (for
    /// `remove_participant`, not counting `subject`: leaving by itself).
    #[must_use]
    pub fn holds(&self, id: &ParticipantId, power: Power) -> bool {
        self.participant(id)
            .is_some_and(|p| p.is_member() && self.holds_as(p, power, None))
    }

    fn holds_as(&self, p: &Participant, power: Power, subject: Option<&ParticipantId>) -> bool {
        self.data
            .policy
            .authority
            .holders(power)
            .iter()
            .any(|holder| match holder {
                Holder::Owner => self.owner() == Some(&p.id),
                Holder::Coordinators => p.roles.contains(Role::Coordinator),
                Holder::Members => true,
                Holder::Subject => subject == Some(&p.id),
            })
    }

    /// Checks the author of `input` holds the power it uses, if any.
    ///
    /// # Errors
    /// [`CaseError::Unauthorised`] with the power's `authority.` rule (or
    /// `authority.missing-actor`, `authority.ownership-offer`);
    /// [`CaseError::UnknownParticipant`] or [`CaseError::RemovedParticipant`] for an
    /// author or offeree that is not a member.
    pub(super) fn authorise(&self, input: &Input, now: DateTime<Utc>) -> Result<(), CaseError> {
        let opening = self.owner().is_none();
        match input {
            // Bootstrap: the first participant opens the case (by itself).
            Input::AddParticipant { participant, by }
                if opening && by.as_ref().is_none_or(|b| b == &participant.id) =>
            {
                Ok(())
            }
            Input::AddParticipant { by, .. } => {
                self.require(Power::AddParticipant, by.as_ref(), None, None)
            }
            Input::ChangePolicy { by: None, .. } if opening => Ok(()),
            Input::ChangePolicy { by, .. } => {
                self.require(Power::ChangePolicy, by.as_ref(), None, None)
            }
            Input::RemoveParticipant { participant, by } => {
                self.require(
                    Power::RemoveParticipant,
                    by.as_ref(),
                    Some(participant),
                    None,
                )?;
                if self.owner() == Some(participant) {
                    return Err(unauthorised(
                        Rule::AuthorityRemoveParticipant,
                        Power::RemoveParticipant,
                        by.as_ref(),
                        format!(
                            "`{participant}` owns the case and cannot be removed: its ownership must be transferred first"
                        ),
                        None,
                    ));
                }
                Ok(())
            }
            Input::Act { actor, action } => match action {
                Action::ProposeEmbargo { .. } | Action::ReviseEmbargo { .. } => {
                    self.require(Power::ProposeEmbargo, Some(actor), None, None)
                }
                Action::TerminateEmbargo if self.embargo_in_force(now) => {
                    self.require(Power::TerminateEmbargo, Some(actor), None, None)
                }
                Action::CloseCase => self.require(Power::CloseCase, Some(actor), None, None),
                Action::ReopenCase { .. } => {
                    self.require(Power::ReopenCase, Some(actor), None, None)
                }
                _ => Ok(()),
            },
            Input::Message { message } => {
                let reply = Some(message.kind.error());
                match message.kind {
                    MessageType::EP | MessageType::EV => {
                        self.require(Power::ProposeEmbargo, Some(&message.from), None, reply)
                    }
                    MessageType::ET if self.embargo_in_force(now) => {
                        self.require(Power::TerminateEmbargo, Some(&message.from), None, reply)
                    }
                    _ => Ok(()),
                }
            }
            Input::OfferOwnership { to, by } => {
                self.require(Power::TransferOwnership, Some(by), None, None)?;
                self.member(to)?;
                if self.owner() == Some(to) {
                    return Err(self.offer_error(by, format!("`{to}` already owns the case")));
                }
                Ok(())
            }
            Input::AcceptOwnership { by } | Input::RejectOwnership { by } => {
                self.member(by)?;
                match self.ownership_offer() {
                    Some(offer) if &offer.to == by => Ok(()),
                    Some(offer) => Err(self.offer_error(
                        by,
                        format!(
                            "the pending ownership offer is to `{}`; only it may accept or reject it",
                            offer.to
                        ),
                    )),
                    None => Err(self.offer_error(by, "no ownership offer is pending".to_owned())),
                }
            }
            Input::Status { .. } | Input::Tick => Ok(()),
        }
    }

    /// The ownership after `input` (already authorised and accepted), if it
    /// changes.
    pub(super) fn ownership_after(&self, input: &Input, now: DateTime<Utc>) -> Option<Ownership> {
        match input {
            Input::AddParticipant { participant, .. } if self.owner().is_none() => {
                Some(Ownership::opened_by(participant.id.clone()))
            }
            Input::RemoveParticipant { participant, .. }
                if self.ownership_offer().is_some_and(|o| &o.to == participant) =>
            {
                Some(self.data.ownership.withdrawn())
            }
            Input::OfferOwnership { to, by } => Some(self.data.ownership.offered(OwnershipOffer {
                to: to.clone(),
                by: by.clone(),
                at: now,
            })),
            Input::AcceptOwnership { .. } => Some(self.data.ownership.accepted()),
            Input::RejectOwnership { .. } => Some(self.data.ownership.withdrawn()),
            _ => None,
        }
    }

    /// The ownership invariants: an owner exactly when the case has participants,
    /// the owner and a pending offer's offeree members, the offerer a participant.
    pub(super) fn check_ownership(&self) -> Result<(), InvariantViolation> {
        let member = |field: &'static str, id: &ParticipantId| match self.participant(id) {
            Some(p) if p.is_member() => Ok(()),
            _ => Err(InvariantViolation::UnknownReference {
                field,
                id: id.clone(),
            }),
        };
        match (self.owner(), self.participants().first()) {
            (Some(owner), _) => member("ownership.owner", owner)?,
            (None, Some(first)) => {
                return Err(InvariantViolation::UnknownReference {
                    field: "ownership.owner (missing; the first participant opened the case)",
                    id: first.id.clone(),
                });
            }
            (None, None) => {}
        }
        if let Some(offer) = self.ownership_offer() {
            member("ownership.offer.to", &offer.to)?;
            if self.participant(&offer.by).is_none() {
                return Err(InvariantViolation::UnknownReference {
                    field: "ownership.offer.by",
                    id: offer.by.clone(),
                });
            }
        }
        Ok(())
    }

    fn embargo_in_force(&self, now: DateTime<Utc>) -> bool {
        self.data
            .embargo
            .in_force()
            .is_some_and(|terms| now < terms.end)
    }

    fn member(&self, id: &ParticipantId) -> Result<&Participant, CaseError> {
        match self.participant(id) {
            None => Err(CaseError::UnknownParticipant { id: id.clone() }),
            Some(p) if !p.is_member() => Err(CaseError::RemovedParticipant { id: id.clone() }),
            Some(p) => Ok(p),
        }
    }

    /// `by` must be named, a member, and hold `power` (`subject`: whom the input
    /// is about).
    fn require(
        &self,
        power: Power,
        by: Option<&ParticipantId>,
        subject: Option<&ParticipantId>,
        reply: Option<MessageType>,
    ) -> Result<(), CaseError> {
        let policy = &self.data.policy.name;
        let Some(by) = by else {
            let reason = format!(
                "the input must say who does it (`by`): {} (policy `{policy}`)",
                self.who_may(power)
            );
            return Err(unauthorised(
                Rule::AuthorityMissingActor,
                power,
                None,
                reason,
                None,
            ));
        };
        let author = self.member(by)?;
        if self.holds_as(author, power, subject) {
            return Ok(());
        }
        let reason = if self.data.policy.authority.holders(power).is_empty() {
            format!("{} (policy `{policy}`)", self.who_may(power))
        } else {
            format!("{}, not `{by}` (policy `{policy}`)", self.who_may(power))
        };
        Err(unauthorised(power.rule(), power, Some(by), reason, reply))
    }

    fn offer_error(&self, by: &ParticipantId, reason: String) -> CaseError {
        unauthorised(
            Rule::AuthorityOwnershipOffer,
            Power::TransferOwnership,
            Some(by),
            reason,
            None,
        )
    }

    /// Who holds `power`, for people: "only the case owner `cert` or a coordinator
    /// may add participants".
    fn who_may(&self, power: Power) -> String {
        let holders = self.data.policy.authority.holders(power);
        if holders.is_empty() {
            return format!("no one may {}", power.verb());
        }
        let names: Vec<String> = holders
            .iter()
            .map(|holder| match holder {
                Holder::Owner => match self.owner() {
                    Some(owner) => format!("the case owner `{owner}`"),
                    None => "the case owner".to_owned(),
                },
                Holder::Coordinators => "a coordinator".to_owned(),
                Holder::Members => "any member".to_owned(),
                Holder::Subject => "the participant itself".to_owned(),
            })
            .collect();
        format!("only {} may {}", names.join(" or "), power.verb())
    }
}

fn unauthorised(
    rule: Rule,
    power: Power,
    by: Option<&ParticipantId>,
    reason: String,
    reply: Option<MessageType>,
) -> CaseError {
    CaseError::Unauthorised {
        rule,
        power,
        by: by.cloned(),
        reason,
        reply,
    }
}
