//! Participant roles, and the set of roles one participant holds.
//!
//! Decision 6 of the reference: the five formal roles plus `other`; one participant
//! may hold any set of them. Case owner and case manager are responsibilities a
//! policy can give, not protocol roles.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, EnumIter, EnumString, FromRepr, IntoStaticStr};
use thiserror::Error;

use crate::cs::{CaseState, CsEvent};
use crate::protocol::{CsScope, ProtocolState};
use crate::rm::RmState;
use crate::set::Set;

/// A role in a CVD case ([reference §6](crate::reference) and decision 6).
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
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    /// Found the vulnerability.
    Finder,
    /// Reports it to others.
    Reporter,
    /// Makes the affected product and its fix.
    Vendor,
    /// Relays between the other participants.
    Coordinator,
    /// Deploys fixes.
    Deployer,
    /// Any other participant (Vultron's `observer`).
    Other,
}

/// The roles one participant holds; never empty once validated by the case.
///
/// Prints and parses as `finder+reporter`; serialises as an array of role names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoleSet(Set<Role>);

impl RoleSet {
    /// No roles.
    pub const EMPTY: Self = Self(Set::EMPTY);

    /// The set of the given roles.
    #[must_use]
    pub fn of(roles: &[Role]) -> Self {
        Self(Set::from_slice(roles))
    }

    /// The underlying set.
    #[must_use]
    pub const fn set(self) -> Set<Role> {
        self.0
    }

    /// Whether the participant holds `role`.
    #[must_use]
    pub fn contains(self, role: Role) -> bool {
        self.0.contains(role)
    }

    /// Whether the participant holds any of `roles`.
    #[must_use]
    pub fn contains_any(self, roles: &[Role]) -> bool {
        roles.iter().any(|&r| self.contains(r))
    }

    /// This set with `role` added.
    #[must_use]
    pub fn with(self, role: Role) -> Self {
        Self(self.0.with(role))
    }

    /// Whether no role is held.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0.is_empty()
    }

    /// The roles, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Role> {
        self.0.iter()
    }

    /// Which case-state letters the participant owns ([reference §6](crate::reference) role start states).
    #[must_use]
    pub fn scope(self) -> CsScope {
        if self.contains(Role::Vendor) && self.contains(Role::Deployer) {
            CsScope::DeployingVendor
        } else if self.contains(Role::Vendor) {
            CsScope::Vendor
        } else if self.contains(Role::Deployer) {
            CsScope::Deployer
        } else {
            CsScope::Observer
        }
    }

    /// The participant's start state ([reference §6](crate::reference)).
    ///
    /// Vendors, deployers, coordinators and others start at `(S, N, vfdpxa)`. A finder
    /// or reporter starts at `(A, N, ·pxa)`: finders' `R`, `I` and `V` are private, and
    /// a finder becomes a reporter on reaching `A` ([reference §1](crate::reference)). A finder who is
    /// also the vendor knows of the vulnerability, so starts at `Vfdpxa`.
    #[must_use]
    pub fn start_state(self) -> ProtocolState {
        if self.contains_any(&[Role::Finder, Role::Reporter]) {
            let cs = if self.scope().is_vendor() {
                CaseState::INITIAL
                    .next(CsEvent::VendorAware)
                    .unwrap_or(CaseState::INITIAL)
            } else {
                CaseState::INITIAL
            };
            ProtocolState::START
                .with_rm(RmState::Accepted)
                .with_cs_unchecked(cs)
        } else {
            ProtocolState::START
        }
    }
}

impl fmt::Debug for RoleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RoleSet({self})")
    }
}

/// Prints `finder+reporter`; the empty set prints `none`.
impl fmt::Display for RoleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("none");
        }
        for (i, role) in self.iter().enumerate() {
            if i > 0 {
                f.write_str("+")?;
            }
            write!(f, "{role}")?;
        }
        Ok(())
    }
}

/// A string that is not a `+`-separated list of role names.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "`{text}` is not a role set: expected role names joined by `+` (finder, reporter, vendor, coordinator, deployer, other)"
)]
pub struct ParseRoleSetError {
    /// The refused text (truncated to 64 characters).
    pub text: String,
}

impl FromStr for RoleSet {
    type Err = ParseRoleSetError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || ParseRoleSetError {
            text: text.chars().take(64).collect(),
        };
        let mut set = Self::EMPTY;
        for name in text.split('+') {
            let role: Role = name.trim().parse().map_err(|_| err())?;
            if set.contains(role) {
                return Err(err());
            }
            set = set.with(role);
        }
        Ok(set)
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

crate::set::impl_indexed!(Role);
