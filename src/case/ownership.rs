//! The case's owner and a pending offer of its ownership.
//!
//! Modelled after Vultron's case owner (the actor that creates the case owns it)
//! and VINCE's: the first participant added to an empty case opens it and owns it.
//! Ownership moves only by an offer the new owner answers: the owner (or another
//! holder of the policy's `transfer_ownership` power) offers it to another member
//! ([`Input::OfferOwnership`](super::Input::OfferOwnership), Vultron's
//! `OfferCaseOwnershipTransfer`); the offeree accepts
//! ([`Input::AcceptOwnership`](super::Input::AcceptOwnership)) and becomes the
//! owner, or rejects it ([`Input::RejectOwnership`](super::Input::RejectOwnership))
//! and nothing else changes. A new offer replaces a pending one; removing the
//! offeree withdraws it. The owner cannot be removed while it owns the case.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::participant::ParticipantId;

/// Who owns the case, and the ownership offer pending, if any.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ownership {
    /// The owner; absent only while the case has no participant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner: Option<ParticipantId>,
    /// The offer awaiting its answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    offer: Option<OwnershipOffer>,
}

/// An offer of the case's ownership awaiting the offeree's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnershipOffer {
    /// The member offered ownership.
    pub to: ParticipantId,
    /// Who offered it.
    pub by: ParticipantId,
    /// When.
    pub at: DateTime<Utc>,
}

impl Ownership {
    /// The owner, if the case has one yet.
    #[must_use]
    pub const fn owner(&self) -> Option<&ParticipantId> {
        self.owner.as_ref()
    }

    /// The pending offer, if any.
    #[must_use]
    pub const fn offer(&self) -> Option<&OwnershipOffer> {
        self.offer.as_ref()
    }

    /// Opened by `owner` (the case's first participant).
    pub(super) fn opened_by(owner: ParticipantId) -> Self {
        Self {
            owner: Some(owner),
            offer: None,
        }
    }

    /// With `offer` pending (replacing any other).
    pub(super) fn offered(&self, offer: OwnershipOffer) -> Self {
        Self {
            owner: self.owner.clone(),
            offer: Some(offer),
        }
    }

    /// The pending offer accepted: its offeree owns the case.
    pub(super) fn accepted(&self) -> Self {
        Self {
            owner: self
                .offer
                .as_ref()
                .map(|o| o.to.clone())
                .or_else(|| self.owner.clone()),
            offer: None,
        }
    }

    /// The pending offer rejected or withdrawn: the owner stays.
    pub(super) fn withdrawn(&self) -> Self {
        Self {
            owner: self.owner.clone(),
            offer: None,
        }
    }
}
