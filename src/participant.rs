//! Case participants: identity, roles, per-participant protocol state and
//! organisation data.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::id::ParticipantId;

use crate::cs::Vfd;
use crate::pec::PecState;
use crate::rm::RmState;
use crate::role::RoleSet;
use crate::view::View;

/// The longest free text accepted (names, summaries, reasons), in bytes.
pub const MAX_TEXT_LEN: usize = 64 * 1024;

/// Optional facts about the organisation behind a participant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// The parent organisation (headquarters), if it is a participant of the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ParticipantId>,
    /// Region or country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Preferred language (e.g. a BCP 47 tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// How to reach it (address, URL, channel name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

impl Organisation {
    pub(crate) fn text_len(&self) -> usize {
        [&self.region, &self.language, &self.contact]
            .into_iter()
            .flatten()
            .map(String::len)
            .fold(0, usize::saturating_add)
    }
}

/// How a vendor registered with the coordinator (JPCERT/CC's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Registration {
    /// Receives any relevant information.
    #[default]
    General,
    /// Receives only pre-publication information about its own products, and only
    /// in cases that need no multi-vendor coordination (unless the policy allows).
    Individual,
}

/// A TLP-like disclosure label, from least to most restricted. A participant's
/// clearance is the most restricted label it may receive.
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
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Tlp {
    /// TLP:CLEAR, no restriction.
    Clear,
    /// TLP:GREEN, the community.
    Green,
    /// TLP:AMBER, the organisation and its clients.
    Amber,
    /// TLP:AMBER+STRICT, the organisation only.
    AmberStrict,
    /// TLP:RED, named recipients only.
    #[default]
    Red,
}

/// Whether a vendor's products are affected.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Affectedness {
    /// Not yet known ("reached but silent" stays here).
    #[default]
    Unknown,
    /// Affected.
    Affected,
    /// Not affected (exempt from "every vendor reached").
    NotAffected,
}

/// Why a coordinator was brought into a case (CERT Guide to CVD §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EngagementReason {
    /// The reporter lacks experience.
    ReporterInexperience,
    /// The reporter lacks capacity.
    ReporterCapacity,
    /// Several vendors are involved (horizontal or vertical supply chain).
    MultipleVendors,
    /// The parties disagree.
    Dispute,
    /// Major infrastructure is affected.
    InfrastructureImpact,
}

/// A participant to add to a case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewParticipant {
    /// Unique within the case.
    pub id: ParticipantId,
    /// Display name.
    pub name: String,
    /// Roles held (at least one).
    pub roles: RoleSet,
    /// Organisation data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Organisation>,
    /// How the vendor registered (JPCERT/CC's model).
    #[serde(default, skip_serializing_if = "is_default")]
    pub registration: Registration,
    /// The most restricted label it may receive.
    #[serde(default, skip_serializing_if = "is_default")]
    pub clearance: Tlp,
    /// Upstream vendors whose fixes this participant takes in (vertical supply chain).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<ParticipantId>,
    /// Why a coordinator was brought in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engaged_for: Option<EngagementReason>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl NewParticipant {
    /// A participant with defaults for everything but id, name and roles.
    #[must_use]
    pub fn new(id: ParticipantId, name: &str, roles: RoleSet) -> Self {
        Self {
            id,
            name: name.to_owned(),
            roles,
            organisation: None,
            registration: Registration::General,
            clearance: Tlp::Red,
            upstream: Vec::new(),
            engaged_for: None,
        }
    }
}

/// Whether a participant still takes part in the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum Membership {
    /// Takes part.
    Member,
    /// Was removed; kept so that the timeline's references stay valid.
    Removed {
        /// When it was removed.
        at: DateTime<Utc>,
    },
}

/// The parts of a participant that change as the case goes on; `Copy`, so the case
/// can stage a whole input's changes and commit them at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantStatus {
    /// Report management state.
    pub rm: RmState,
    /// Own fix status (`vfd`): vendors `vfd`…`VFD`; deployers `vfd` or `VFD`;
    /// everyone else `vfd`.
    pub vfd: Vfd,
    /// Embargo consent.
    pub consent: PecState,
    /// Whether the participant still takes part.
    pub membership: Membership,
    /// When the participant was reached (left RM `Start`, or joined past it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached_at: Option<DateTime<Utc>>,
    /// When the participant was last heard from (sent a message, or acted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_heard: Option<DateTime<Utc>>,
    /// Whether its products are affected.
    #[serde(default, skip_serializing_if = "is_default")]
    pub affected: Affectedness,
    /// When it agreed to the case's rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_at: Option<DateTime<Utc>>,
    /// When its fix became ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_ready_at: Option<DateTime<Utc>>,
    /// When it was first heard from after being reached (its acknowledgement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// When it asked for a deadline grace period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_requested_at: Option<DateTime<Utc>>,
    /// Whether, when asking for grace, it expected a fix within the grace period.
    #[serde(default, skip_serializing_if = "is_default")]
    pub fix_expected_within_grace: bool,
    /// What the case has made known to it about the embargo and the public facts
    /// ([reference §6](crate::reference); see [`crate::view`]).
    #[serde(default)]
    pub view: View,
}

impl ParticipantStatus {
    /// Whether the participant still takes part in the case (not removed).
    #[must_use]
    pub const fn is_member(&self) -> bool {
        matches!(self.membership, Membership::Member)
    }

    /// Whether the participant still acts in the protocol: a member whose report
    /// is not closed ("a closed participant ignores everything", [reference §5](crate::reference)).
    #[must_use]
    pub fn takes_part(&self) -> bool {
        self.is_member() && self.rm != RmState::Closed
    }
}

/// A participant of a case and its protocol state.
///
/// Read through accessors; only the case changes a participant, so its state is
/// always one the protocol can reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub(crate) id: ParticipantId,
    pub(crate) name: String,
    pub(crate) roles: RoleSet,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) organisation: Option<Organisation>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) registration: Registration,
    #[serde(default, skip_serializing_if = "is_default")]
    pub(crate) clearance: Tlp,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) upstream: Vec<ParticipantId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) engaged_for: Option<EngagementReason>,
    pub(crate) status: ParticipantStatus,
}

impl Participant {
    /// Identifier.
    #[must_use]
    pub fn id(&self) -> &ParticipantId {
        &self.id
    }
    /// Display name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Roles held.
    #[must_use]
    pub const fn roles(&self) -> RoleSet {
        self.roles
    }
    /// The changing part of the participant.
    #[must_use]
    pub const fn status(&self) -> &ParticipantStatus {
        &self.status
    }
    /// Report management state.
    #[must_use]
    pub const fn rm(&self) -> RmState {
        self.status.rm
    }
    /// Own fix status (`vfd`); always `vfd` for participants that are neither
    /// vendor nor deployer.
    #[must_use]
    pub const fn vfd(&self) -> Vfd {
        self.status.vfd
    }
    /// Fix status where the participant is a vendor or deployer.
    #[must_use]
    pub fn fix_status(&self) -> Option<Vfd> {
        (self.roles.scope() != crate::protocol::CsScope::Observer).then_some(self.status.vfd)
    }
    /// Embargo consent.
    #[must_use]
    pub const fn consent(&self) -> PecState {
        self.status.consent
    }
    /// Organisation data.
    #[must_use]
    pub fn organisation(&self) -> Option<&Organisation> {
        self.organisation.as_ref()
    }
    /// How the vendor registered.
    #[must_use]
    pub const fn registration(&self) -> Registration {
        self.registration
    }
    /// The most restricted label it may receive.
    #[must_use]
    pub const fn clearance(&self) -> Tlp {
        self.clearance
    }
    /// Upstream vendors whose fixes it takes in.
    #[must_use]
    pub fn upstream(&self) -> &[ParticipantId] {
        &self.upstream
    }
    /// Why a coordinator was brought in.
    #[must_use]
    pub const fn engaged_for(&self) -> Option<EngagementReason> {
        self.engaged_for
    }
    /// Whether its products are affected.
    #[must_use]
    pub const fn affected(&self) -> Affectedness {
        self.status.affected
    }
    /// Whether it counts as a vendor that must be reached: holds the vendor role
    /// and is not marked unaffected.
    #[must_use]
    pub fn is_affected_vendor(&self) -> bool {
        self.roles.contains(crate::role::Role::Vendor)
            && self.status.affected != Affectedness::NotAffected
    }
    /// Whether the participant still takes part.
    #[must_use]
    pub const fn is_member(&self) -> bool {
        self.status.is_member()
    }
    /// Whether the report has reached the participant (RM past `Start`).
    #[must_use]
    pub const fn is_reached(&self) -> bool {
        self.status.rm.is_reached()
    }
    /// Reached but never heard from since ("reached but silent").
    #[must_use]
    pub fn is_silent(&self) -> bool {
        match (self.status.reached_at, self.status.last_heard) {
            (Some(_), None) => true,
            (Some(reached), Some(heard)) => heard < reached,
            (None, _) => false,
        }
    }

    pub(crate) fn joining(new: NewParticipant, now: DateTime<Utc>) -> Self {
        let start = new.roles.start_state();
        let reached = start.rm().is_reached().then_some(now);
        Self {
            id: new.id,
            name: new.name,
            roles: new.roles,
            organisation: new.organisation,
            registration: new.registration,
            clearance: new.clearance,
            upstream: new.upstream,
            engaged_for: new.engaged_for,
            status: ParticipantStatus {
                rm: start.rm(),
                vfd: start.cs().vfd(),
                consent: PecState::NoEmbargo,
                membership: Membership::Member,
                reached_at: reached,
                // A participant that joins past Start (a finder-reporter) is the
                // source of what it knows: heard from at once.
                last_heard: reached,
                affected: Affectedness::Unknown,
                agreed_at: None,
                fix_ready_at: None,
                acknowledged_at: reached,
                grace_requested_at: None,
                fix_expected_within_grace: false,
                view: View::default(),
            },
        }
    }
}
