//! The rules a case runs under, as data.
//!
//! A [`Policy`] is a plain serialisable value the case consults before committing
//! any input. It names itself (name and version), so a case records which rules it
//! ran under. This module holds the protocol-level knobs; coordinator rules build
//! on it.

use serde::{Deserialize, Serialize};

use crate::protocol::ProtocolOptions;

/// Whether a rule is a "MUST" (enforced) or a "SHOULD" (a warning when broken).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Enforced.
    Must,
    /// Advised: breaking it yields a warning effect.
    Should,
}

/// The rules a case runs under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// The policy's name, e.g. `"vultron"`.
    pub name: String,
    /// The policy's version.
    pub version: String,
    /// Whether observed attacks end an embargo in the same step (`must`, default) or
    /// only call for its termination (`should`; reference §2 "A: existing SHOULD
    /// terminate").
    #[serde(default = "must")]
    pub attacks_end_embargo: Requirement,
}

const fn must() -> Requirement {
    Requirement::Must
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            name: "vultron".to_owned(),
            version: "1".to_owned(),
            attacks_end_embargo: Requirement::Must,
        }
    }
}

impl Policy {
    /// The protocol options this policy implies.
    #[must_use]
    pub fn protocol_options(&self) -> ProtocolOptions {
        ProtocolOptions {
            attacks_end_embargo: self.attacks_end_embargo == Requirement::Must,
        }
    }
}
