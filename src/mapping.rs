//! Mappings from case state to the vocabularies other tools use (feature
//! `mappings`): CSAF 2.0 involvements and party categories, VEX statuses, and
//! CVE record and ID states. Plain functions over a [`Case`]; nothing is stored.
//! Whole documents are built from these in [`crate::vex`] (feature `vex`); the
//! value-by-value tables with the standards' sections are in `docs/standards.md`.
//!
//! "Reached but silent" maps to CSAF `contact_attempted` and OpenVEX
//! `under_investigation`, never to "not affected" (coordinator-rules.md: "never
//! answered must not look like not affected").

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter};
use thiserror::Error;

use crate::case::{Action, Case, DisputeOutcome, DisputeState, Input};
use crate::cs::Vfd;
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
    /// The party is working on it (RM valid or accepted): CSAF 2.0 §3.2.3.5, "some
    /// hotfixes, permanent fixes, mitigations, workarounds, or patches may have been
    /// made available …, but more information or fixes may be released".
    InProgress,
    /// The party has not been contacted (RM `Start`).
    NotContacted,
    /// The party has acknowledged the report and nothing more is said about the
    /// remediation effort (RM received, invalid or **deferred**): CSAF 2.0 §3.2.3.5,
    /// "the default status … the party has acknowledged awareness of the
    /// vulnerability report". Deferred work is not work in progress.
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
    } else if matches!(participant.rm(), RmState::Valid | RmState::Accepted) {
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

/// Why a product is not affected: an OpenVEX `justification`, an
/// `impact_statement`, or both (OpenVEX 0.2.0 "Status Justifications": a
/// `not_affected` statement MUST carry one of them). CSAF 2.0 carries the
/// justification as a flag (§3.2.3.5 flags, label) and the statement as a threat
/// of category `impact` (§3.2.3.12).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotAffected {
    /// A justification code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<VexJustification>,
    /// Free text saying why the product is not affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_statement: Option<String>,
}

impl NotAffected {
    /// A justification code alone.
    #[must_use]
    pub const fn justified(justification: VexJustification) -> Self {
        Self {
            justification: Some(justification),
            impact_statement: None,
        }
    }

    /// An impact statement alone.
    #[must_use]
    pub fn stated(impact_statement: &str) -> Self {
        Self {
            justification: None,
            impact_statement: Some(impact_statement.to_owned()),
        }
    }

    /// Whether it says nothing (neither a justification nor a non-blank statement).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.justification.is_none()
            && self
                .impact_statement
                .as_ref()
                .is_none_or(|s| s.trim().is_empty())
    }
}

/// An OpenVEX statement's status part.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VexStatement {
    /// The status.
    pub status: VexStatus,
    /// Why not affected (a justification or an impact statement is required with
    /// `not_affected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<VexJustification>,
    /// Why not affected, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_statement: Option<String>,
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
    /// `not_affected` needs a justification or impact statement the case does not hold.
    #[error(
        "`{0}` is marked not affected, but OpenVEX needs a justification or an impact statement: pass one"
    )]
    JustificationRequired(String),
}

/// A vendor's VEX status: `fixed` once its fix is ready; `not_affected` when
/// marked so; `affected` when marked affected or once it has validated the report
/// (RM valid, accepted or deferred); otherwise `under_investigation`, which covers
/// "reached but silent" and "not reached" (never `not_affected`).
#[must_use]
pub fn vex_status(vendor: &Participant) -> VexStatus {
    if vendor.vfd() >= Vfd::FixReady {
        return VexStatus::Fixed;
    }
    match vendor.affected() {
        Affectedness::NotAffected => VexStatus::NotAffected,
        Affectedness::Affected => VexStatus::Affected,
        Affectedness::Unknown
            if matches!(
                vendor.rm(),
                RmState::Valid | RmState::Accepted | RmState::Deferred
            ) =>
        {
            VexStatus::Affected
        }
        Affectedness::Unknown => VexStatus::UnderInvestigation,
    }
}

/// A vendor's OpenVEX statement: [`vex_status`], with the caller's `not_affected`
/// reason (which OpenVEX requires for `not_affected`) and, for `affected`, the
/// advisory's mitigations (or a default) as the action statement.
///
/// # Errors
/// [`MappingError`] for a non-vendor, or `not_affected` with an empty reason.
pub fn vex_statement(
    case: &Case,
    vendor: &Participant,
    not_affected: &NotAffected,
) -> Result<VexStatement, MappingError> {
    if !vendor.roles().contains(Role::Vendor) {
        return Err(MappingError::NotAVendor(vendor.id().to_string()));
    }
    let status = vex_status(vendor);
    let mut statement = VexStatement {
        status,
        justification: None,
        impact_statement: None,
        action_statement: None,
    };
    match status {
        VexStatus::NotAffected if not_affected.is_empty() => {
            return Err(MappingError::JustificationRequired(vendor.id().to_string()));
        }
        VexStatus::NotAffected => {
            statement.justification = not_affected.justification;
            statement.impact_statement = not_affected
                .impact_statement
                .clone()
                .filter(|s| !s.trim().is_empty());
        }
        VexStatus::Affected => statement.action_statement = Some(action_statement(case)),
        VexStatus::Fixed | VexStatus::UnderInvestigation => {}
    }
    Ok(statement)
}

/// What to do about an affected product: the advisory's mitigations, or a default.
#[must_use]
pub fn action_statement(case: &Case) -> String {
    let mitigations = &case.advisory().mitigations;
    if mitigations.is_empty() {
        "No fix is available yet; follow the vendor's advisory for updates.".to_owned()
    } else {
        mitigations.join("; ")
    }
}

/// The state of a CVE **record** (CVE JSON 5.x `cveMetadata.state`): the record
/// format has exactly these two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display, EnumIter)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum CveRecordState {
    /// The record is published (it has a description and references).
    Published,
    /// The record is rejected (the ID is not to be used).
    Rejected,
}

/// The state of a CVE **ID** in CVE Services: `RESERVED` before a record exists,
/// then the state of its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display, EnumIter)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
pub enum CveIdState {
    /// Reserved for a vulnerability; no record is published.
    Reserved,
    /// A record is published.
    Published,
    /// A record is rejected.
    Rejected,
}

impl From<CveRecordState> for CveIdState {
    fn from(state: CveRecordState) -> Self {
        match state {
            CveRecordState::Published => Self::Published,
            CveRecordState::Rejected => Self::Rejected,
        }
    }
}

/// What the case says of its CVE: the ID and the record state the case calls for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CveRecord {
    /// The CVE ID (`CVE-YYYY-NNNN…`).
    pub id: String,
    /// The record state the case calls for; `None` while no record is due.
    pub state: Option<CveRecordState>,
}

impl CveRecord {
    /// The CVE Services ID state that goes with it (`RESERVED` while no record is due).
    #[must_use]
    pub fn id_state(&self) -> CveIdState {
        self.state.map_or(CveIdState::Reserved, CveIdState::from)
    }
}

/// The case's CVE, if the advisory names one (`CVE-…`), with the record state the
/// case calls for. The case cannot see CVE Services; it knows what its own
/// participants did, so:
/// - `REJECTED` once a "not a vulnerability" conclusion is settled (every reporter
///   agreed);
/// - `PUBLISHED` once a participant has published the case's advisory (an accepted
///   `Publish` or `PublishEarly`): the record is published with the advisory it
///   references. Public awareness alone (a leak, an exploit, attacks) publishes no
///   record;
/// - no record state before either (the ID stays `RESERVED`, [`CveRecord::id_state`]).
#[must_use]
pub fn cve_record(case: &Case) -> Option<CveRecord> {
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
        Some(CveRecordState::Rejected)
    } else if advisory_published(case) {
        Some(CveRecordState::Published)
    } else {
        None
    };
    Some(CveRecord { id, state })
}

/// Whether a participant has published the case's advisory: the timeline holds an
/// accepted `Publish` or `PublishEarly`.
#[must_use]
pub fn advisory_published(case: &Case) -> bool {
    case.timeline().entries.iter().any(|entry| {
        matches!(
            &entry.input,
            Input::Act {
                action: Action::Publish | Action::PublishEarly { .. },
                ..
            }
        )
    })
}
