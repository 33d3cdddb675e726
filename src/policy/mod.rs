//! The rules a case runs under, as data.
//!
//! A [`Policy`] is a plain serialisable value (JSON and TOML friendly) that the case
//! consults before committing any input. Each coordinator rule
//! ([`Rule::is_configurable`]) is set to [`Level::Off`], [`Level::Warn`] (the input
//! is applied and a warning effect names the rule) or [`Level::Deny`] (the input is
//! refused with the rule's id and the responsibility it serves). A case records
//! which policy, by name and version, it runs under; changing it is itself a
//! timeline entry. Named presets are in [`presets`].

pub mod authority;
pub mod presets;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter};
use thiserror::Error;

use crate::calendar::NonWorkingDays;
use crate::deadline::{DeadlineRule, EscalationRule, RuleError};
use crate::protocol::ProtocolOptions;
use crate::rule::Rule;

pub use authority::{Authority, Holder, Power};
pub use presets::PRESETS;

/// Whether a protocol rule is a "MUST" (enforced) or a "SHOULD" (a warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Enforced.
    Must,
    /// Advised: breaking it yields a warning effect.
    Should,
}

/// What a coordinator rule does when an input would break it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Level {
    /// Not checked.
    #[default]
    Off,
    /// Allowed, with a warning effect.
    Warn,
    /// Refused.
    Deny,
}

/// Advisory fields a policy may require before publication.
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
pub enum AdvisoryField {
    /// A title.
    Title,
    /// Affected products and versions.
    Affected,
    /// Fixes or mitigations.
    Remediation,
    /// Identifiers (CVE ids and the like).
    Identifiers,
    /// Credits (each with the credited party's consent).
    Credits,
    /// References.
    References,
}

/// The rules a case runs under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawPolicy")]
pub struct Policy {
    /// The policy's name, e.g. `"cert-cc"`.
    pub name: String,
    /// The policy's version.
    pub version: String,
    /// Whether observed attacks end an embargo in the same step (`must`, default)
    /// or only call for its end (`should`; [reference §2](crate::reference) "A: existing SHOULD
    /// terminate").
    pub attacks_end_embargo: Requirement,
    /// The level of each coordinator rule; rules not listed are off.
    pub rules: BTreeMap<Rule, Level>,
    /// Days downstream vendors get after their upstream's fix before publication
    /// (`publish.downstream-window`).
    pub downstream_window_days: u32,
    /// The disclosure deadline per vendor (`publish.before-deadline`) and the
    /// embargo length limits (`embargo.max-duration`); see [`crate::deadline`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DeadlineRule>,
    /// When to escalate contact with a vendor that does not answer (ZDI-style).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation: Option<EscalationRule>,
    /// The non-working days business-day periods skip; supplied by the caller
    /// (the library ships no holiday data) and kept with the policy so that
    /// replaying a case gives the same deadlines.
    pub calendar: NonWorkingDays,
    /// Whether `PublishEarly` (publication during an embargo with a reason) is
    /// allowed; it still yields a warning.
    pub allow_early_release: bool,
    /// Whether an individually registered vendor may join a multi-vendor case
    /// (JPCERT/CC: only when the policy says so).
    pub allow_individual_in_multi_vendor: bool,
    /// Advisory fields required before publication (`publish.advisory-incomplete`).
    pub required_advisory_fields: Vec<AdvisoryField>,
    /// Whether a participant's reported status may move several steps forward at
    /// once (each step is still a table transition). Off by default: the strict
    /// protocol refuses jumps with `status.jump` (reference decision 5).
    pub accept_status_jumps: bool,
    /// Who holds each power over the case (see [`authority`]).
    pub authority: Authority,
}

/// The wire form of [`Policy`], validated into it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    name: String,
    version: String,
    #[serde(default = "must")]
    attacks_end_embargo: Requirement,
    #[serde(default)]
    rules: BTreeMap<Rule, Level>,
    #[serde(default)]
    downstream_window_days: u32,
    #[serde(default)]
    deadline: Option<DeadlineRule>,
    #[serde(default)]
    escalation: Option<EscalationRule>,
    #[serde(default)]
    calendar: NonWorkingDays,
    #[serde(default)]
    allow_early_release: bool,
    #[serde(default)]
    allow_individual_in_multi_vendor: bool,
    #[serde(default)]
    required_advisory_fields: Vec<AdvisoryField>,
    #[serde(default)]
    accept_status_jumps: bool,
    #[serde(default)]
    authority: Authority,
}

const fn must() -> Requirement {
    Requirement::Must
}

/// The longest window or embargo a policy may name, in days (ten years).
pub const MAX_POLICY_DAYS: u32 = 3650;

/// The longest policy name or version, in characters.
pub const MAX_POLICY_NAME: usize = 128;

/// A policy that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// A rule that is not a coordinator rule was given a level.
    #[error(
        "rules: `{0}` is a protocol rule, always enforced; only coordinator rules take a level"
    )]
    NotConfigurable(Rule),
    /// A number of days out of range.
    #[error("{field}: {value} days is out of range (1 to {MAX_POLICY_DAYS})")]
    Days {
        /// The field.
        field: &'static str,
        /// The value.
        value: u32,
    },
    /// A name or version that is empty or too long.
    #[error("{field}: must be 1 to {MAX_POLICY_NAME} characters")]
    Name {
        /// The field.
        field: &'static str,
    },
    /// The deadline or escalation rule is invalid.
    #[error("deadline: {0}")]
    Deadline(RuleError),
    /// The policy conflicts with the case's state.
    #[error("{0}")]
    Conflict(&'static str),
    /// A required advisory field listed twice.
    #[error("required_advisory_fields: `{0}` is listed twice")]
    DuplicateField(AdvisoryField),
    /// A power's holders are invalid.
    #[error("authority.{power}: `{holder}` {reason}")]
    Authority {
        /// The power.
        power: Power,
        /// The holder.
        holder: Holder,
        /// What is wrong.
        reason: &'static str,
    },
}

impl TryFrom<RawPolicy> for Policy {
    type Error = PolicyError;
    fn try_from(raw: RawPolicy) -> Result<Self, PolicyError> {
        let policy = Self {
            name: raw.name,
            version: raw.version,
            attacks_end_embargo: raw.attacks_end_embargo,
            rules: raw.rules,
            downstream_window_days: raw.downstream_window_days,
            deadline: raw.deadline,
            escalation: raw.escalation,
            calendar: raw.calendar,
            allow_early_release: raw.allow_early_release,
            allow_individual_in_multi_vendor: raw.allow_individual_in_multi_vendor,
            required_advisory_fields: raw.required_advisory_fields,
            accept_status_jumps: raw.accept_status_jumps,
            authority: raw.authority,
        };
        policy.validate().map(|()| policy)
    }
}

impl Default for Policy {
    /// The plain protocol: no coordinator rule is checked.
    fn default() -> Self {
        Self::protocol_only("vultron", "1")
    }
}

impl Policy {
    /// Reads and validates a policy from JSON.
    ///
    /// # Errors
    /// [`DecodeError`](crate::decode::DecodeError) naming the field path
    /// (`rules.publish.whenever`) and what is wrong there (a validation error is
    /// placed on the policy as a whole, its message naming the field).
    pub fn from_json(text: &str) -> Result<Self, crate::decode::DecodeError> {
        crate::decode::json("policy", text)
    }

    /// A policy with every coordinator rule off.
    #[must_use]
    pub fn protocol_only(name: &str, version: &str) -> Self {
        Self {
            name: name.to_owned(),
            version: version.to_owned(),
            attacks_end_embargo: Requirement::Must,
            rules: BTreeMap::new(),
            downstream_window_days: 0,
            deadline: None,
            escalation: None,
            calendar: NonWorkingDays::default(),
            allow_early_release: false,
            allow_individual_in_multi_vendor: false,
            required_advisory_fields: Vec::new(),
            accept_status_jumps: false,
            authority: Authority::default(),
        }
    }

    /// Checks the policy is usable.
    ///
    /// # Errors
    /// [`PolicyError`] naming the field.
    pub fn validate(&self) -> Result<(), PolicyError> {
        for (field, text) in [("name", &self.name), ("version", &self.version)] {
            if text.is_empty() || text.chars().count() > MAX_POLICY_NAME {
                return Err(PolicyError::Name { field });
            }
        }
        if let Some(rule) = self.rules.keys().find(|r| !r.is_configurable()) {
            return Err(PolicyError::NotConfigurable(*rule));
        }
        if self.downstream_window_days > MAX_POLICY_DAYS {
            return Err(PolicyError::Days {
                field: "downstream_window_days",
                value: self.downstream_window_days,
            });
        }
        if let Some(rule) = &self.deadline {
            rule.validate().map_err(PolicyError::Deadline)?;
        }
        if let Some(rule) = &self.escalation {
            rule.validate().map_err(PolicyError::Deadline)?;
        }
        let mut seen = Vec::new();
        for &field in &self.required_advisory_fields {
            if seen.contains(&field) {
                return Err(PolicyError::DuplicateField(field));
            }
            seen.push(field);
        }
        self.authority.validate()
    }

    /// The named preset (`vultron`, `cert-cc`, `jpcert-cc`, `project-zero`, `zdi`,
    /// `bug-bounty`, `linux-distros`, `capped-150`).
    #[must_use]
    pub fn preset(name: &str) -> Option<Self> {
        PRESETS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, make)| make())
    }

    /// The level of `rule`: off unless set, except that a SHOULD of the protocol
    /// ([`Rule::is_should`], e.g. `close.embargo-in-force`) is at least
    /// [`Level::Warn`].
    #[must_use]
    pub fn level(&self, rule: Rule) -> Level {
        let set = self.rules.get(&rule).copied().unwrap_or_default();
        if rule.is_should() {
            set.max(Level::Warn)
        } else {
            set
        }
    }

    /// This policy with `rule` set to `level`.
    #[must_use]
    pub fn with(mut self, rule: Rule, level: Level) -> Self {
        self.rules.insert(rule, level);
        self
    }

    /// The protocol options this policy implies.
    #[must_use]
    pub fn protocol_options(&self) -> ProtocolOptions {
        ProtocolOptions {
            attacks_end_embargo: self.attacks_end_embargo == Requirement::Must,
        }
    }
}
