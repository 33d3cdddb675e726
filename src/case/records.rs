//! Case records beyond the protocol machines: disputes, the advisory, closure.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::Display;

use crate::participant::ParticipantId;
use crate::policy::AdvisoryField;

/// What the parties disagree about (CERT Guide to CVD, "disputes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DisputeCause {
    /// Whether it reproduces.
    Reproducibility,
    /// Whether it has security implications ("not a vulnerability").
    SecurityImplications,
    /// Its impact on deployed systems.
    Impact,
    /// Whether to disclose at all.
    WhetherToDisclose,
    /// How much detail to disclose.
    Detail,
    /// When to disclose.
    Timing,
    /// Whether a deadline may be extended.
    DeadlineExtension,
}

/// How a dispute ended.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", deny_unknown_fields)]
pub enum DisputeOutcome {
    /// Not a vulnerability. Settled only once every reporter has agreed.
    NotAVulnerability,
    /// It is a vulnerability; handling continues.
    Vulnerability,
    /// Another agreed outcome.
    Agreed {
        /// What was agreed.
        text: String,
    },
}

/// A dispute's state; the conclusion exists only once concluded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum DisputeState {
    /// Open.
    Open,
    /// Concluded with an outcome agreed by the named participants.
    Concluded {
        /// The outcome.
        outcome: DisputeOutcome,
        /// Who agreed.
        agreed_by: Vec<ParticipantId>,
        /// When it was concluded.
        at: DateTime<Utc>,
    },
}

/// A dispute within a case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dispute {
    /// Its number within the case (1, 2, …).
    pub id: u32,
    /// What it is about.
    pub cause: DisputeCause,
    /// Who opened it.
    pub opened_by: ParticipantId,
    /// When.
    pub opened_at: DateTime<Utc>,
    /// Details.
    pub detail: String,
    /// Open or concluded.
    pub state: DisputeState,
}

impl Dispute {
    /// Whether the dispute still counts as open: not concluded, or concluded "not a
    /// vulnerability" without the agreement of every reporter in `reporters`.
    #[must_use]
    pub fn is_open(&self, reporters: &[ParticipantId]) -> bool {
        match &self.state {
            DisputeState::Open => true,
            DisputeState::Concluded {
                outcome: DisputeOutcome::NotAVulnerability,
                agreed_by,
                ..
            } => reporters.iter().any(|r| !agreed_by.contains(r)),
            DisputeState::Concluded { .. } => false,
        }
    }
}

/// An affected product.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffectedProduct {
    /// The vendor, if a participant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<ParticipantId>,
    /// Product name.
    pub product: String,
    /// Affected versions.
    #[serde(default)]
    pub versions: Vec<String>,
}

/// A credit, with the credited party's consent to be named.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// Who is credited.
    pub name: String,
    /// Whether they agreed to be named.
    pub consent: bool,
}

/// The advisory's content, which the publication-readiness check inspects. The case
/// timeline is part of every advisory and is not repeated here.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advisory {
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Affected products and versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affected: Vec<AffectedProduct>,
    /// Fixes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<String>,
    /// Mitigations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mitigations: Vec<String>,
    /// Identifiers (CVE ids and the like).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<String>,
    /// Credits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<Credit>,
    /// References.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
}

impl Advisory {
    /// Whether `field` has content.
    #[must_use]
    pub fn has(&self, field: AdvisoryField) -> bool {
        match field {
            AdvisoryField::Title => self.title.as_ref().is_some_and(|t| !t.trim().is_empty()),
            AdvisoryField::Affected => !self.affected.is_empty(),
            AdvisoryField::Remediation => !self.fixes.is_empty() || !self.mitigations.is_empty(),
            AdvisoryField::Identifiers => !self.identifiers.is_empty(),
            AdvisoryField::Credits => !self.credits.is_empty(),
            AdvisoryField::References => !self.references.is_empty(),
        }
    }

    pub(crate) fn text_len(&self) -> usize {
        let strings = self
            .title
            .iter()
            .chain(&self.fixes)
            .chain(&self.mitigations)
            .chain(&self.identifiers)
            .chain(&self.references)
            .chain(self.credits.iter().map(|c| &c.name))
            .chain(
                self.affected
                    .iter()
                    .flat_map(|a| core::iter::once(&a.product).chain(&a.versions)),
            );
        strings.map(String::len).fold(0, usize::saturating_add)
    }

    pub(crate) fn items(&self) -> usize {
        [
            self.affected.len(),
            self.fixes.len(),
            self.mitigations.len(),
            self.identifiers.len(),
            self.credits.len(),
            self.references.len(),
        ]
        .into_iter()
        .fold(0, usize::saturating_add)
    }
}

/// Whether the case is open.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseStatus {
    /// Open.
    #[default]
    Open,
    /// Closed; only an explicit reopening the policy permits is accepted.
    Closed {
        /// When.
        at: DateTime<Utc>,
        /// By whom.
        by: ParticipantId,
    },
}
