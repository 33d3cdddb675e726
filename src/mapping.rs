//! Mappings from case state to the vocabularies other tools use (feature
//! `mappings`): CSAF 2.x involvements and party categories, OpenVEX statuses, and
//! CVE record states. Plain functions over a [`Case`]; nothing is stored.
//!
//! "Reached but silent" maps to CSAF `contact_attempted` and OpenVEX
//! `under_investigation`, never to "not affected" (coordinator-rules.md: "never
//! answered must not look like not affected").

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter};
use thiserror::Error;

use crate::case::{Case, DisputeOutcome, DisputeState};
use crate::cs::{CsEvent, Vfd};
use crate::participant::{Affectedness, Participant};
use crate::rm::RmState;
use crate::role::Role;

/// CSAF 2.x `involvements[].status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display, EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CsafInvolvement {
    /// The party has completed its part (its report is closed).
    Completed,
    /// The party was contacted but has not answered ("reached but silent").
    ContactAttempted,
    /// The party disputes the report (it opened a dispute that is still open).
    Disputed,
    /// The party acknowledged and is working on it (valid, accepted or deferred).
    InProgress,
    /// The party has not been contacted (RM `Start`).
    NotContacted,
    /// The party answered but has not taken it up yet (received or invalid).
    Open,
}

/// CSAF 2.x `involvements[].party` category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display, EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CsafParty {
    /// A coordinator.
    Coordinator,
    /// A finder or reporter.
    Discoverer,
    /// Anyone else.
    Other,
    /// A deployer (a user of the product).
    User,
    /// A vendor.
    Vendor,
}

/// A participant's CSAF involvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Involvement {
    /// The party category.
    pub party: CsafParty,
    /// The status.
    pub status: CsafInvolvement,
}

/// The CSAF party category of a role set: vendor, then coordinator, discoverer
/// (finder or reporter), user (deployer), other.
#[must_use]
pub fn csaf_party(participant: &Participant) -> CsafParty {
    let roles = participant.roles();
    if roles.contains(Role::Vendor) {
        CsafParty::Vendor
    } else if roles.contains(Role::Coordinator) {
        CsafParty::Coordinator
    } else if roles.contains_any(&[Role::Finder, Role::Reporter]) {
        CsafParty::Discoverer
    } else if roles.contains(Role::Deployer) {
        CsafParty::User
    } else {
        CsafParty::Other
    }
}

/// A participant's CSAF involvement in `case`.
#[must_use]
pub fn csaf_involvement(case: &Case, participant: &Participant) -> Involvement {
    let disputing = case
        .disputes()
        .iter()
        .any(|d| &d.opened_by == participant.id() && d.state == DisputeState::Open);
    let status = if !participant.is_reached() {
        CsafInvolvement::NotContacted
    } else if disputing {
        CsafInvolvement::Disputed
    } else if participant.rm() == RmState::Closed {
        CsafInvolvement::Completed
    } else if participant.is_silent() {
        CsafInvolvement::ContactAttempted
    } else if matches!(
        participant.rm(),
        RmState::Valid | RmState::Accepted | RmState::Deferred
    ) {
        CsafInvolvement::InProgress
    } else {
        CsafInvolvement::Open
    };
    Involvement {
        party: csaf_party(participant),
        status,
    }
}

/// OpenVEX statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display, EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum VexStatus {
    /// Not affected (needs a justification).
    NotAffected,
    /// Affected (needs an action statement).
    Affected,
    /// Fixed.
    Fixed,
    /// Still being looked into.
    UnderInvestigation,
}

/// OpenVEX justifications for `not_affected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display, EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum VexJustification {
    /// The component is not present.
    ComponentNotPresent,
    /// The vulnerable code is not present.
    VulnerableCodeNotPresent,
    /// The vulnerable code is not in an execution path.
    VulnerableCodeNotInExecutePath,
    /// The vulnerable code cannot be controlled by an adversary.
    VulnerableCodeCannotBeControlledByAdversary,
    /// Inline mitigations already exist.
    InlineMitigationsAlreadyExist,
}

/// An OpenVEX statement's status part.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VexStatement {
    /// The status.
    pub status: VexStatus,
    /// Why not affected (required with `not_affected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<VexJustification>,
    /// What to do (required with `affected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_statement: Option<String>,
}

/// Why a VEX statement cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MappingError {
    /// The participant is not a vendor.
    #[error("`{0}` is not a vendor: VEX statements are about a vendor's products")]
    NotAVendor(String),
    /// `not_affected` needs a justification the case does not hold.
    #[error("`{0}` is marked not affected, but OpenVEX needs a justification: pass one")]
    JustificationRequired(String),
}

/// A vendor's OpenVEX status: `fixed` once its fix is ready; `not_affected` when
/// marked so (with the caller's `justification`, which OpenVEX requires);
/// `affected` when marked affected or once it has validated the report, with the
/// advisory's mitigations (or a default) as the action statement; otherwise
/// `under_investigation`, which covers "reached but silent" and "not reached".
///
/// # Errors
/// [`MappingError`] for a non-vendor, or `not_affected` without a justification.
pub fn vex_statement(
    case: &Case,
    vendor: &Participant,
    justification: Option<VexJustification>,
) -> Result<VexStatement, MappingError> {
    if !vendor.roles().contains(Role::Vendor) {
        return Err(MappingError::NotAVendor(vendor.id().to_string()));
    }
    let statement = |status, justification, action_statement| VexStatement {
        status,
        justification,
        action_statement,
    };
    if vendor.vfd() >= Vfd::FixReady {
        return Ok(statement(VexStatus::Fixed, None, None));
    }
    match vendor.affected() {
        Affectedness::NotAffected => justification
            .map(|j| statement(VexStatus::NotAffected, Some(j), None))
            .ok_or_else(|| MappingError::JustificationRequired(vendor.id().to_string())),
        Affectedness::Affected => Ok(statement(VexStatus::Affected, None, Some(action(case)))),
        Affectedness::Unknown
            if matches!(
                vendor.rm(),
                RmState::Valid | RmState::Accepted | RmState::Deferred
            ) =>
        {
            Ok(statement(VexStatus::Affected, None, Some(action(case))))
        }
        Affectedness::Unknown => Ok(statement(VexStatus::UnderInvestigation, None, None)),
    }
}

fn action(case: &Case) -> String {
    let mitigations = &case.advisory().mitigations;
    if mitigations.is_empty() {
        "No fix is available yet; follow the vendor's advisory for updates.".to_owned()
    } else {
        mitigations.join("; ")
    }
}

/// CVE record states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display, EnumIter)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum CveState {
    /// Reserved, not yet public.
    Reserved,
    /// Published.
    Published,
    /// Rejected (not a vulnerability).
    Rejected,
}

/// The CVE record state of the case's CVE identifier, if the advisory names one
/// (`CVE-…`): `REJECTED` once a "not a vulnerability" conclusion is settled (every
/// reporter agreed), `PUBLISHED` once the public is aware, `RESERVED` before.
#[must_use]
pub fn cve_state(case: &Case) -> Option<(String, CveState)> {
    let id = case
        .advisory()
        .identifiers
        .iter()
        .find(|i| i.starts_with("CVE-"))?
        .clone();
    let reporters: Vec<_> = case
        .participants()
        .iter()
        .filter(|p| p.is_member() && p.roles().contains(Role::Reporter))
        .map(|p| p.id().clone())
        .collect();
    let rejected = case.disputes().iter().any(|d| {
        matches!(
            &d.state,
            DisputeState::Concluded {
                outcome: DisputeOutcome::NotAVulnerability,
                ..
            }
        ) && !d.is_open(&reporters)
    });
    let state = if rejected {
        CveState::Rejected
    } else if case.pxa().has(CsEvent::PublicAware) {
        CveState::Published
    } else {
        CveState::Reserved
    };
    Some((id, state))
}
