//! Authority over a case, as policy data: which participants hold each power.
//!
//! A case has an owner (see [`Case::owner`](crate::case::Case::owner)): the
//! participant who opened it, or whoever accepted its ownership since. The
//! policy's [`Authority`] says, for each [`Power`] (changing the policy, managing
//! membership, proposing or terminating the embargo on the case's behalf, closing
//! and reopening the case, transferring ownership), which [`Holder`]s may use it.
//! An input that uses a power its author does not hold is refused with the power's
//! `authority.` rule ([`Power::rule`]), naming who may.
//!
//! A policy document that leaves `authority` out, or any power in it, gets the
//! default (the `vultron` preset's): the owner manages the case and its
//! membership, coordinators may also add and remove participants and close or
//! reopen the case, and any member may propose or terminate the embargo as the protocol
//! allows.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, FromRepr, IntoEnumIterator};

use super::PolicyError;
use crate::rule::Rule;
use crate::set::Set;

/// The holders of one power (a compact set; serialised as a list, each holder at
/// most once).
pub type Holders = Set<Holder>;

/// A power over the case.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Display,
    EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Power {
    /// Move the case to another policy (`Input::ChangePolicy`).
    ChangePolicy,
    /// Add a participant (`Input::AddParticipant`).
    AddParticipant,
    /// Remove a participant (`Input::RemoveParticipant`).
    RemoveParticipant,
    /// Propose embargo terms for the case: a proposal or counter-proposal (`EP`)
    /// or a revision (`EV`), as an action or a message.
    ProposeEmbargo,
    /// End the embargo in force for everyone (`ET`), as an action or a message.
    TerminateEmbargo,
    /// Close the case (`Action::CloseCase`).
    CloseCase,
    /// Reopen a closed case (`Action::ReopenCase`).
    ReopenCase,
    /// Offer the case's ownership to another member (`Input::OfferOwnership`).
    TransferOwnership,
}

impl Power {
    /// The rule an input using this power without holding it is refused under.
    #[must_use]
    pub const fn rule(self) -> Rule {
        match self {
            Self::ChangePolicy => Rule::AuthorityChangePolicy,
            Self::AddParticipant => Rule::AuthorityAddParticipant,
            Self::RemoveParticipant => Rule::AuthorityRemoveParticipant,
            Self::ProposeEmbargo => Rule::AuthorityProposeEmbargo,
            Self::TerminateEmbargo => Rule::AuthorityTerminateEmbargo,
            Self::CloseCase => Rule::AuthorityCloseCase,
            Self::ReopenCase => Rule::AuthorityReopenCase,
            Self::TransferOwnership => Rule::AuthorityTransferOwnership,
        }
    }

    /// What using the power does, for messages ("may *change the policy*").
    #[must_use]
    pub const fn verb(self) -> &'static str {
        match self {
            Self::ChangePolicy => "change the policy",
            Self::AddParticipant => "add participants",
            Self::RemoveParticipant => "remove participants",
            Self::ProposeEmbargo => "propose embargo terms for the case",
            Self::TerminateEmbargo => "terminate the embargo for the case",
            Self::CloseCase => "close the case",
            Self::ReopenCase => "reopen the case",
            Self::TransferOwnership => "offer the case's ownership",
        }
    }
}

/// Who may hold a power.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Display,
    EnumIter,
    EnumCount,
    FromRepr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[repr(u8)]
#[non_exhaustive]
pub enum Holder {
    /// The case's owner.
    Owner,
    /// Any member with the coordinator role.
    Coordinators,
    /// Any member.
    Members,
    /// The participant the input is about: for `remove_participant`, a participant
    /// leaving by itself. Only `remove_participant` takes it.
    Subject,
}

crate::set::impl_indexed!(Holder);

/// For each power, who holds it. An empty list means nobody may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawAuthority")]
pub struct Authority {
    /// Who may change the policy.
    pub change_policy: Holders,
    /// Who may add participants.
    pub add_participant: Holders,
    /// Who may remove participants.
    pub remove_participant: Holders,
    /// Who may propose embargo terms (`EP`, `EV`) for the case.
    pub propose_embargo: Holders,
    /// Who may terminate the embargo in force (`ET`).
    pub terminate_embargo: Holders,
    /// Who may close the case.
    pub close_case: Holders,
    /// Who may reopen the case.
    pub reopen_case: Holders,
    /// Who may offer the case's ownership to another member.
    pub transfer_ownership: Holders,
}

/// The wire form of [`Authority`]: every power optional (the default's holders),
/// validated into it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthority {
    change_policy: Option<Holders>,
    add_participant: Option<Holders>,
    remove_participant: Option<Holders>,
    propose_embargo: Option<Holders>,
    terminate_embargo: Option<Holders>,
    close_case: Option<Holders>,
    reopen_case: Option<Holders>,
    transfer_ownership: Option<Holders>,
}

impl TryFrom<RawAuthority> for Authority {
    type Error = PolicyError;
    fn try_from(raw: RawAuthority) -> Result<Self, PolicyError> {
        let base = Self::default();
        let authority = Self {
            change_policy: raw.change_policy.unwrap_or(base.change_policy),
            add_participant: raw.add_participant.unwrap_or(base.add_participant),
            remove_participant: raw.remove_participant.unwrap_or(base.remove_participant),
            propose_embargo: raw.propose_embargo.unwrap_or(base.propose_embargo),
            terminate_embargo: raw.terminate_embargo.unwrap_or(base.terminate_embargo),
            close_case: raw.close_case.unwrap_or(base.close_case),
            reopen_case: raw.reopen_case.unwrap_or(base.reopen_case),
            transfer_ownership: raw.transfer_ownership.unwrap_or(base.transfer_ownership),
        };
        authority.validate().map(|()| authority)
    }
}

impl Default for Authority {
    /// The `vultron` preset's: the owner changes the policy and transfers
    /// ownership; the owner or a coordinator adds and removes participants and
    /// closes or reopens the case; any member proposes or terminates the embargo
    /// (the protocol's role and state rules still apply).
    fn default() -> Self {
        use Holder::{Coordinators, Members, Owner};
        let managers = Set::from_slice(&[Owner, Coordinators]);
        Self {
            change_policy: Set::only(Owner),
            add_participant: managers,
            remove_participant: managers,
            propose_embargo: Set::only(Members),
            terminate_embargo: Set::only(Members),
            close_case: managers,
            reopen_case: managers,
            transfer_ownership: Set::only(Owner),
        }
    }
}

impl Authority {
    /// The coordinator presets': as the default, but only the owner or a
    /// coordinator proposes or terminates the embargo for the case (the others
    /// accept or reject it).
    #[must_use]
    pub fn coordinated() -> Self {
        let managers = Set::from_slice(&[Holder::Owner, Holder::Coordinators]);
        Self {
            propose_embargo: managers,
            terminate_embargo: managers,
            ..Self::default()
        }
    }

    /// Who holds `power`.
    #[must_use]
    pub const fn holders(&self, power: Power) -> Holders {
        match power {
            Power::ChangePolicy => self.change_policy,
            Power::AddParticipant => self.add_participant,
            Power::RemoveParticipant => self.remove_participant,
            Power::ProposeEmbargo => self.propose_embargo,
            Power::TerminateEmbargo => self.terminate_embargo,
            Power::CloseCase => self.close_case,
            Power::ReopenCase => self.reopen_case,
            Power::TransferOwnership => self.transfer_ownership,
        }
    }

    /// This authority with `power` held by `holders`.
    #[must_use]
    pub fn with(mut self, power: Power, holders: &[Holder]) -> Self {
        let slot = match power {
            Power::ChangePolicy => &mut self.change_policy,
            Power::AddParticipant => &mut self.add_participant,
            Power::RemoveParticipant => &mut self.remove_participant,
            Power::ProposeEmbargo => &mut self.propose_embargo,
            Power::TerminateEmbargo => &mut self.terminate_embargo,
            Power::CloseCase => &mut self.close_case,
            Power::ReopenCase => &mut self.reopen_case,
            Power::TransferOwnership => &mut self.transfer_ownership,
        };
        *slot = Set::from_slice(holders);
        self
    }

    /// Checks every power's holders: `subject` only for `remove_participant`
    /// (a holder listed twice is refused when the document is read).
    ///
    /// # Errors
    /// [`PolicyError::Authority`] naming the power and the holder.
    pub fn validate(&self) -> Result<(), PolicyError> {
        for power in Power::iter() {
            if self.holders(power).contains(Holder::Subject) && power != Power::RemoveParticipant {
                return Err(PolicyError::Authority {
                    power,
                    holder: Holder::Subject,
                    reason: "only applies to remove_participant (a participant leaving by itself)",
                });
            }
        }
        Ok(())
    }
}
