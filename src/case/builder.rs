//! A case with its first participants in a few lines.

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::Case;
use super::error::CaseError;
use super::input::Input;
use crate::id::{CaseId, InvalidId};
use crate::participant::{NewParticipant, ParticipantId};
use crate::policy::Policy;
use crate::role::{Role, RoleSet};

/// Opens a case and adds its first participants: the first one opens the case and
/// owns it, each later one is added by it (`by`: the owner), exactly as the inputs
/// `Input::AddParticipant` would; the timeline records them. Start it with
/// [`Case::builder`].
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mpcvd::case::Case;
/// use mpcvd::policy::Policy;
/// use mpcvd::role::Role;
///
/// let t0 = Utc.with_ymd_and_hms(2026, 2, 2, 9, 0, 0).unwrap();
/// let case = Case::builder("VU#42", Policy::preset("cert-cc").unwrap(), t0)
///     .participant("cert", "CERT/CC", &[Role::Coordinator])
///     .participant("fay", "Fay", &[Role::Finder, Role::Reporter])
///     .participant("acme", "Acme", &[Role::Vendor])
///     .participant("bolt", "Bolt", &[Role::Vendor, Role::Deployer])
///     .build()?;
/// assert_eq!(case.participants().len(), 4);
/// assert_eq!(case.owner().map(|o| o.as_str()), Some("cert"));
/// # Ok::<(), mpcvd::case::BuildError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct CaseBuilder {
    id: String,
    policy: Policy,
    created: DateTime<Utc>,
    participants: Vec<Pending>,
}

#[derive(Debug, Clone)]
enum Pending {
    Plain {
        id: String,
        name: String,
        roles: RoleSet,
    },
    Full(NewParticipant),
}

/// Why [`CaseBuilder::build`] failed: an id that is not one, or a participant the
/// case refused (the error names which).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The case id or a participant id is not a valid identifier.
    #[error("{what}: {source}")]
    Id {
        /// Which id (`case id`, or `participant N`).
        what: String,
        /// What is wrong with it.
        source: InvalidId,
    },
    /// The case refused to add a participant (no roles, a duplicate id, …).
    #[error("adding participant `{participant}`: {source}")]
    Refused {
        /// The participant.
        participant: ParticipantId,
        /// The case's refusal.
        source: Box<CaseError>,
    },
}

impl Case {
    /// A builder for a case opened at `created` under `policy` (see [`CaseBuilder`]).
    pub fn builder(id: &str, policy: Policy, created: DateTime<Utc>) -> CaseBuilder {
        CaseBuilder {
            id: id.to_owned(),
            policy,
            created,
            participants: Vec::new(),
        }
    }
}

impl CaseBuilder {
    /// Adds a participant with an id, a display name and its roles.
    pub fn participant(mut self, id: &str, name: &str, roles: &[Role]) -> Self {
        self.participants.push(Pending::Plain {
            id: id.to_owned(),
            name: name.to_owned(),
            roles: RoleSet::of(roles),
        });
        self
    }

    /// Adds a participant described in full (organisation, registration, clearance…).
    pub fn with(mut self, participant: NewParticipant) -> Self {
        self.participants.push(Pending::Full(participant));
        self
    }

    /// Opens the case and adds the participants in order, all at `created`.
    ///
    /// # Errors
    /// [`BuildError`] naming the id or the participant refused.
    pub fn build(self) -> Result<Case, BuildError> {
        let id = CaseId::new(&self.id).map_err(|source| BuildError::Id {
            what: "case id".to_owned(),
            source,
        })?;
        let mut case = Case::new(id, self.policy, self.created);
        let mut owner: Option<ParticipantId> = None;
        for (index, pending) in self.participants.into_iter().enumerate() {
            let participant = match pending {
                Pending::Full(participant) => participant,
                Pending::Plain { id, name, roles } => {
                    let id = ParticipantId::new(&id).map_err(|source| BuildError::Id {
                        what: format!("participant {}", index.saturating_add(1)),
                        source,
                    })?;
                    NewParticipant::new(id, &name, roles)
                }
            };
            let id = participant.id.clone();
            let input = Input::AddParticipant {
                participant: Box::new(participant),
                by: owner.clone(),
            };
            case.handle(input, self.created)
                .map_err(|source| BuildError::Refused {
                    participant: id.clone(),
                    source: Box::new(source),
                })?;
            owner.get_or_insert(id);
        }
        Ok(case)
    }
}
