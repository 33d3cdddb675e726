//! Behaviour models as data: the case's shape, how each participant behaves, and
//! the daily hazards of the world outside the case.
//!
//! ```json
//! {
//!   "name": "five vendors, one silent",
//!   "shape": { "vendors": 5, "coordinator": true, "supply_chain": false, "deployer": false },
//!   "defaults": { "acknowledge": { "fixed": 1 }, "validate": { "exponential": { "mean": 3 } } },
//!   "roles": { "vendor": { "fix": { "log_normal": { "mu": 3.4, "sigma": 0.6 } } } },
//!   "participants": { "v5": { "never_answers": 1.0 } },
//!   "hazards": { "leak": 0.002, "exploit": 0.001, "attacks": 0.0005 },
//!   "horizon_days": 365
//! }
//! ```
//!
//! A participant's behaviour is read field by field from, first, its entry under
//! `participants` (by name: `finder`, `coordinator`, `v1` … `vN`, `deployer`), then
//! its role's entry under `roles` (`reporter`, `coordinator`, `vendor`,
//! `deployer`), then `defaults`, then [`Behaviour::BUILT_IN`]. Every delay is a
//! [`Distribution`] in days. Loading ([`BehaviourModel::from_json`]) refuses
//! unknown fields and roles, negative delays and probabilities outside `[0, 1]`,
//! naming the field's path (`roles.vendor.fix.exponential.mean`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::dist::Distribution;

/// The most vendors a simulated case has.
pub const MAX_VENDORS: u32 = 64;

/// The longest horizon a run may have, in days (a hundred years, as
/// [`crate::deadline::MAX_PERIOD_DAYS`]); an organiser's embargo (`embargo_days`)
/// is bounded by [`crate::policy::MAX_POLICY_DAYS`], as a policy's.
pub const MAX_HORIZON_DAYS: f64 = 36_525.0;

/// A probability in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Probability(f64);

impl Probability {
    /// `p` if it is in `[0, 1]`.
    #[must_use]
    pub fn new(p: f64) -> Option<Self> {
        (0.0..=1.0).contains(&p).then_some(Self(p))
    }

    /// The value.
    #[must_use]
    pub const fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Probability {
    type Error = String;
    fn try_from(p: f64) -> Result<Self, String> {
        Self::new(p).ok_or_else(|| format!("a probability must be in [0, 1], found {p}"))
    }
}

impl From<Probability> for f64 {
    fn from(p: Probability) -> Self {
        p.0
    }
}

/// The roles a behaviour can be given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    /// The finder who reports (`finder`).
    Reporter,
    /// The coordinator (`coordinator`).
    Coordinator,
    /// Each vendor (`v1` … `vN`); it also deploys its own fix (the `D` of its
    /// history).
    Vendor,
    /// The deployer (`deployer`).
    Deployer,
}

impl RoleName {
    /// Every role, in order.
    pub const ALL: [Self; 4] = [
        Self::Reporter,
        Self::Coordinator,
        Self::Vendor,
        Self::Deployer,
    ];

    /// Its name in behaviour models.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Reporter => "reporter",
            Self::Coordinator => "coordinator",
            Self::Vendor => "vendor",
            Self::Deployer => "deployer",
        }
    }
}

/// Who takes part in a simulated case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// How many vendors (1 to [`MAX_VENDORS`]), named `v1` … `vN`.
    pub vendors: u32,
    /// Whether a coordinator (`coordinator`) runs the case; otherwise the finder
    /// notifies the vendors and publishes.
    #[serde(default = "yes")]
    pub coordinator: bool,
    /// A vertical supply chain: `v1` is upstream of every other vendor, which is
    /// told only once `v1` has accepted the report.
    #[serde(default)]
    pub supply_chain: bool,
    /// A deployer (`deployer`), told once every vendor that answers has a fix.
    #[serde(default)]
    pub deployer: bool,
}

const fn yes() -> bool {
    true
}

/// How one participant behaves; each field may be left out (see the
/// [module docs](self) for where it is then read from).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    /// From a message that needs a reply to the reply (`RK`, `EK`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledge: Option<Distribution>,
    /// From receiving the report to validating it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate: Option<Distribution>,
    /// From validating to accepting the report (and the embargo proposed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept: Option<Distribution>,
    /// The probability that the participant never answers at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub never_answers: Option<Probability>,
    /// From accepting the report to a fix being ready (vendors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Distribution>,
    /// From the fix being ready to its deployment (vendors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploy: Option<Distribution>,
}

/// A behaviour with every field read: what the simulator samples from.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// See [`Behaviour::acknowledge`].
    pub acknowledge: Distribution,
    /// See [`Behaviour::validate`].
    pub validate: Distribution,
    /// See [`Behaviour::accept`].
    pub accept: Distribution,
    /// See [`Behaviour::never_answers`].
    pub never_answers: f64,
    /// See [`Behaviour::fix`].
    pub fix: Distribution,
    /// See [`Behaviour::deploy`].
    pub deploy: Distribution,
}

impl Behaviour {
    /// What a field falls back to when no entry gives it: acknowledge in 1 day,
    /// validate in 2, accept in 1, always answer, fix in 30, deploy in 7.
    pub const BUILT_IN: [(&'static str, f64); 5] = [
        ("acknowledge", 1.0),
        ("validate", 2.0),
        ("accept", 1.0),
        ("fix", 30.0),
        ("deploy", 7.0),
    ];

    fn built_in(field: &str) -> Distribution {
        let days = Self::BUILT_IN
            .iter()
            .find(|(name, _)| *name == field)
            .map_or(1.0, |&(_, d)| d);
        Distribution::Fixed(days)
    }
}

/// The world's per-day hazards: the chance, on each day of the case, that the
/// vulnerability leaks (P), an exploit is published (X), attacks are observed (A).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hazards {
    /// Per-day probability of a leak (the public becomes aware).
    #[serde(default)]
    pub leak: Probability,
    /// Per-day probability of a public exploit.
    #[serde(default)]
    pub exploit: Probability,
    /// Per-day probability of attacks being observed.
    #[serde(default)]
    pub attacks: Probability,
}

/// A behaviour model. See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BehaviourModel {
    /// A short name.
    #[serde(default)]
    pub name: String,
    /// What it models.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who takes part.
    pub shape: Shape,
    /// Behaviour for everyone.
    #[serde(default)]
    pub defaults: Behaviour,
    /// Behaviour per role, keyed by [`RoleName::name`] (`reporter`,
    /// `coordinator`, `vendor`, `deployer`).
    #[serde(default)]
    pub roles: BTreeMap<String, Behaviour>,
    /// Behaviour per named participant.
    #[serde(default)]
    pub participants: BTreeMap<String, Behaviour>,
    /// The world's hazards.
    #[serde(default)]
    pub hazards: Hazards,
    /// Days after which a run stops (default 365).
    #[serde(default = "horizon")]
    pub horizon_days: f64,
    /// The embargo the case's organiser proposes, in days; by default the
    /// policy's longest acceptable embargo, else its base deadline, else 90.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embargo_days: Option<u32>,
}

const fn horizon() -> f64 {
    365.0
}

/// Why a behaviour model was refused: where (a field path such as
/// `roles.vendor.fix.exponential.mean`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("behaviour model refused at `{path}`: {message}")]
pub struct ModelError {
    /// The field's path (`.` when the whole document is wrong).
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

impl BehaviourModel {
    /// Reads and checks a model from JSON.
    ///
    /// # Errors
    /// [`ModelError`] with the field path of the first thing wrong.
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        let model: Self = crate::decode::json("behaviour model", text).map_err(|e| ModelError {
            path: crate::decode::path_or_document(e.path),
            message: format!("{}{}", e.message, crate::decode::position(e.line, e.column)),
        })?;
        model.check()?;
        Ok(model)
    }

    /// Checks what the types cannot: the vendor count, the horizon, the embargo, and that every
    /// named participant exists in the shape.
    ///
    /// # Errors
    /// [`ModelError`] with the field path.
    pub fn check(&self) -> Result<(), ModelError> {
        if self.shape.vendors == 0 || self.shape.vendors > MAX_VENDORS {
            return Err(ModelError {
                path: "shape.vendors".to_owned(),
                message: format!(
                    "between 1 and {MAX_VENDORS} vendors, found {}",
                    self.shape.vendors
                ),
            });
        }
        if !self.horizon_days.is_finite()
            || self.horizon_days <= 0.0
            || self.horizon_days > MAX_HORIZON_DAYS
        {
            return Err(ModelError {
                path: "horizon_days".to_owned(),
                message: format!(
                    "a number of days above 0 and at most {MAX_HORIZON_DAYS}, found {}",
                    self.horizon_days
                ),
            });
        }
        if let Some(days) = self.embargo_days
            && days > crate::policy::MAX_POLICY_DAYS
        {
            return Err(ModelError {
                path: "embargo_days".to_owned(),
                message: format!(
                    "at most {} days (policy::MAX_POLICY_DAYS), found {days}",
                    crate::policy::MAX_POLICY_DAYS
                ),
            });
        }
        for role in self.roles.keys() {
            if !RoleName::ALL.iter().any(|r| r.name() == role) {
                return Err(ModelError {
                    path: format!("roles.{role}"),
                    message: format!(
                        "unknown role `{role}`; roles: reporter, coordinator, vendor, deployer"
                    ),
                });
            }
        }
        let names = self.names();
        for name in self.participants.keys() {
            if !names.iter().any(|(n, _)| n == name) {
                let known: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
                return Err(ModelError {
                    path: format!("participants.{name}"),
                    message: format!(
                        "no participant `{name}` in this shape; known: {}",
                        known.join(", ")
                    ),
                });
            }
        }
        Ok(())
    }

    /// The participants of the shape, in the order the case adds them, with their
    /// role: `coordinator` (if any), `finder`, `v1` … `vN`, `deployer` (if any).
    #[must_use]
    pub fn names(&self) -> Vec<(String, RoleName)> {
        let mut out = Vec::new();
        if self.shape.coordinator {
            out.push(("coordinator".to_owned(), RoleName::Coordinator));
        }
        out.push(("finder".to_owned(), RoleName::Reporter));
        for i in 1..=self.shape.vendors {
            out.push((format!("v{i}"), RoleName::Vendor));
        }
        if self.shape.deployer {
            out.push(("deployer".to_owned(), RoleName::Deployer));
        }
        out
    }

    /// The behaviour of participant `name` of role `role`, every field read.
    #[must_use]
    pub fn resolve(&self, name: &str, role: RoleName) -> Resolved {
        let layers = [
            self.participants.get(name),
            self.roles.get(role.name()),
            Some(&self.defaults),
        ];
        let pick = |field: &str, get: fn(&Behaviour) -> Option<&Distribution>| {
            layers
                .iter()
                .flatten()
                .find_map(|b| get(b))
                .cloned()
                .unwrap_or_else(|| Behaviour::built_in(field))
        };
        Resolved {
            acknowledge: pick("acknowledge", |b| b.acknowledge.as_ref()),
            validate: pick("validate", |b| b.validate.as_ref()),
            accept: pick("accept", |b| b.accept.as_ref()),
            fix: pick("fix", |b| b.fix.as_ref()),
            deploy: pick("deploy", |b| b.deploy.as_ref()),
            never_answers: layers
                .iter()
                .flatten()
                .find_map(|b| b.never_answers)
                .map_or(0.0, Probability::get),
        }
    }
}
