//! The two halves of a case state: a participant's `vfd` and the case's `pxa`.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};
use strum::{EnumCount, EnumIter, FromRepr};

use super::CsEvent;
use super::text::ParseCaseStateError;

/// A vendor's (or deployer's) fix status: the first three letters of a case state.
///
/// Only the four orders of `V ≺ F ≺ D` exist, so `vF·` and `·fD` cannot be built.
/// Ordered: `Unaware < Aware < FixReady < FixDeployed`.
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
    EnumIter,
    EnumCount,
    FromRepr,
)]
#[repr(u8)]
pub enum Vfd {
    /// `vfd`: not aware.
    #[serde(rename = "vfd")]
    Unaware,
    /// `Vfd`: aware, no fix.
    #[serde(rename = "Vfd")]
    Aware,
    /// `VFd`: fix ready, not deployed.
    #[serde(rename = "VFd")]
    FixReady,
    /// `VFD`: fix deployed.
    #[serde(rename = "VFD")]
    FixDeployed,
}

impl Vfd {
    /// The event bits of this status within a case state.
    #[must_use]
    pub const fn bits(self) -> u8 {
        match self {
            Self::Unaware => 0b000,
            Self::Aware => 0b001,
            Self::FixReady => 0b011,
            Self::FixDeployed => 0b111,
        }
    }

    pub(super) const fn from_state_bits(bits: u8) -> Self {
        if bits & CsEvent::FixDeployed.bit() != 0 {
            Self::FixDeployed
        } else if bits & CsEvent::FixReady.bit() != 0 {
            Self::FixReady
        } else if bits & CsEvent::VendorAware.bit() != 0 {
            Self::Aware
        } else {
            Self::Unaware
        }
    }

    /// The event that advances this status, or `None` at `VFD`.
    #[must_use]
    pub const fn next_event(self) -> Option<CsEvent> {
        match self {
            Self::Unaware => Some(CsEvent::VendorAware),
            Self::Aware => Some(CsEvent::FixReady),
            Self::FixReady => Some(CsEvent::FixDeployed),
            Self::FixDeployed => None,
        }
    }

    /// The status after `event`, if `event` is the next step on the fix path.
    #[must_use]
    pub fn after(self, event: CsEvent) -> Option<Self> {
        (self.next_event() == Some(event)).then(|| Self::from_state_bits(self.bits() | event.bit()))
    }

    /// The three-letter form (`vfd`, `Vfd`, `VFd`, `VFD`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unaware => "vfd",
            Self::Aware => "Vfd",
            Self::FixReady => "VFd",
            Self::FixDeployed => "VFD",
        }
    }
}

impl fmt::Display for Vfd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Vfd {
    type Err = ParseCaseStateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        super::text::parse_letters(text, &CsEvent::VFD).and_then(|bits| {
            use strum::IntoEnumIterator;
            Self::iter()
                .find(|v| v.bits() == bits)
                .ok_or_else(|| ParseCaseStateError::impossible(text, bits))
        })
    }
}

/// The case-wide public status: the last three letters of a case state.
///
/// Every one of the eight combinations is a value; whether a *transition* between
/// them is allowed is the case-state model's business.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pxa {
    bits: u8,
}

impl Pxa {
    /// `pxa`: nothing public, no attacks.
    pub const NONE: Self = Self { bits: 0 };

    /// The status with the given facts.
    #[must_use]
    pub const fn new(public_aware: bool, exploit_public: bool, attacks_observed: bool) -> Self {
        Self {
            bits: public_aware as u8 | (exploit_public as u8) << 1 | (attacks_observed as u8) << 2,
        }
    }

    pub(super) const fn from_state_bits(bits: u8) -> Self {
        Self {
            bits: (bits >> 3) & 0b111,
        }
    }

    /// The three bits: `P` = bit 0, `X` = bit 1, `A` = bit 2.
    #[must_use]
    pub const fn bits(self) -> u8 {
        self.bits
    }

    /// `P`: the public is aware.
    #[must_use]
    pub const fn public_aware(self) -> bool {
        self.bits & 0b001 != 0
    }
    /// `X`: an exploit is public.
    #[must_use]
    pub const fn exploit_public(self) -> bool {
        self.bits & 0b010 != 0
    }
    /// `A`: attacks have been observed.
    #[must_use]
    pub const fn attacks_observed(self) -> bool {
        self.bits & 0b100 != 0
    }

    /// Whether `event` (one of `P`, `X`, `A`) has happened; `false` for `V`, `F`, `D`.
    #[must_use]
    pub const fn has(self, event: CsEvent) -> bool {
        (self.bits << 3) & event.bit() != 0
    }

    /// This status with `event` (one of `P`, `X`, `A`) recorded; `V`, `F` and `D`
    /// leave it unchanged. Forcing rules are not checked here: see
    /// [`CaseState::apply`](super::CaseState::apply).
    #[must_use]
    pub const fn with(self, event: CsEvent) -> Self {
        Self {
            bits: self.bits | ((event.bit() >> 3) & 0b111),
        }
    }
}

impl fmt::Display for Pxa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        super::text::write_letters(f, self.bits << 3, &CsEvent::PXA)
    }
}

impl fmt::Debug for Pxa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pxa({self})")
    }
}

impl FromStr for Pxa {
    type Err = ParseCaseStateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        super::text::parse_letters(text, &CsEvent::PXA).map(Self::from_state_bits)
    }
}

impl TryFrom<String> for Pxa {
    type Error = ParseCaseStateError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Pxa> for String {
    fn from(pxa: Pxa) -> Self {
        pxa.to_string()
    }
}

crate::set::impl_indexed!(Vfd);
