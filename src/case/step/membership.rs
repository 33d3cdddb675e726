//! Who is in the case, and under which policy: adding and removing participants,
//! changing the policy.

use super::{Work, check_text};
use crate::case::MAX_PARTICIPANTS;
use crate::case::error::{CaseError, Limit};
use crate::participant::{Membership, NewParticipant, Participant, ParticipantId};
use crate::pec::PecState;
use crate::policy::Policy;

impl Work<'_> {
    pub(super) fn add(&mut self, new: &NewParticipant) -> Result<(), CaseError> {
        if self.index_of(&new.id).is_some() {
            return Err(CaseError::DuplicateParticipant { id: new.id.clone() });
        }
        if new.roles.is_empty() {
            return Err(CaseError::NoRoles { id: new.id.clone() });
        }
        let count = self.after.participants.len().saturating_add(1);
        if count > MAX_PARTICIPANTS {
            return Err(CaseError::TooLarge {
                what: Limit::Participants,
                limit: MAX_PARTICIPANTS,
                found: count,
            });
        }
        let org = new.organisation.as_ref();
        check_text(
            new.name
                .len()
                .saturating_add(org.map_or(0, |o| o.text_len())),
        )?;
        if let Some(parent) = org.and_then(|o| o.parent.as_ref())
            && self.index_of(parent).is_none()
        {
            return Err(CaseError::UnknownParticipant { id: parent.clone() });
        }
        let mut joined = Participant::joining(new.clone(), self.now);
        let em = self.after.embargo.state();
        if em.is_negotiating() || em.is_in_force() {
            joined.status.consent = joined.status.consent.toward(PecState::Invited);
        }
        // Joining shares the case: the newcomer is told its embargo and public facts.
        joined.status.view = crate::view::View::new(self.hub_told());
        self.after.participants.join(joined);
        Ok(())
    }

    pub(super) fn remove(&mut self, participant: &ParticipantId) -> Result<(), CaseError> {
        let i = self.member(participant)?;
        let now = self.now;
        if let Some(status) = self.status(i) {
            status.membership = Membership::Removed { at: now };
        }
        Ok(())
    }

    pub(super) fn change_policy(&mut self, policy: &Policy) -> Result<(), CaseError> {
        policy.validate()?;
        let options = policy.protocol_options();
        let em = self.after.embargo.state();
        if options.attacks_end_embargo && em.is_in_force() && self.after.pxa.attacks_observed() {
            return Err(CaseError::InvalidPolicy(
                crate::policy::PolicyError::Conflict(
                    "attacks were observed while the embargo is in force; a policy where attacks end embargoes would leave the case inconsistent (terminate the embargo first)",
                ),
            ));
        }
        self.options = options;
        self.set_policy(policy.clone());
        Ok(())
    }
}
