//! The six case-state events.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, FromRepr, IntoStaticStr};

/// One of the six case-state events of [reference §3](crate::reference), in the fixed order `V F D P X A`.
///
/// `V`, `F` and `D` are per participant (a vendor's or deployer's own status); `P`,
/// `X` and `A` are global to the case. Each event happens at most once.
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
    EnumString,
    EnumIter,
    EnumCount,
    FromRepr,
    IntoStaticStr,
)]
#[repr(u8)]
pub enum CsEvent {
    /// `V`: the vendor is aware.
    #[serde(rename = "V")]
    #[strum(serialize = "V")]
    VendorAware,
    /// `F`: a fix is ready.
    #[serde(rename = "F")]
    #[strum(serialize = "F")]
    FixReady,
    /// `D`: the fix is deployed.
    #[serde(rename = "D")]
    #[strum(serialize = "D")]
    FixDeployed,
    /// `P`: the public is aware.
    #[serde(rename = "P")]
    #[strum(serialize = "P")]
    PublicAware,
    /// `X`: an exploit is public.
    #[serde(rename = "X")]
    #[strum(serialize = "X")]
    ExploitPublic,
    /// `A`: attacks have been observed.
    #[serde(rename = "A")]
    #[strum(serialize = "A")]
    AttacksObserved,
}

impl CsEvent {
    /// The six events in state-string order.
    pub const ALL: [Self; 6] = [
        Self::VendorAware,
        Self::FixReady,
        Self::FixDeployed,
        Self::PublicAware,
        Self::ExploitPublic,
        Self::AttacksObserved,
    ];

    /// The participant-specific events `V F D`.
    pub const VFD: [Self; 3] = [Self::VendorAware, Self::FixReady, Self::FixDeployed];
    /// The case-wide events `P X A`.
    pub const PXA: [Self; 3] = [
        Self::PublicAware,
        Self::ExploitPublic,
        Self::AttacksObserved,
    ];

    /// The upper-case letter (`V F D P X A`), also the event's wire name.
    #[must_use]
    pub const fn letter(self) -> char {
        match self {
            Self::VendorAware => 'V',
            Self::FixReady => 'F',
            Self::FixDeployed => 'D',
            Self::PublicAware => 'P',
            Self::ExploitPublic => 'X',
            Self::AttacksObserved => 'A',
        }
    }

    /// The event's bit in a [`CaseState`](super::CaseState) (`V` is bit 0, `A` bit 5).
    #[must_use]
    pub const fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// Whether the event belongs to a participant (`V`, `F`, `D`) rather than to the
    /// whole case (`P`, `X`, `A`).
    #[must_use]
    pub const fn is_participant_specific(self) -> bool {
        matches!(self, Self::VendorAware | Self::FixReady | Self::FixDeployed)
    }
}

crate::set::impl_indexed!(CsEvent);
