//! Actions on the case's records rather than protocol state: agreeing to the
//! rules, affectedness, disputes, the advisory, grace, closing and reopening.

use super::{Who, Work};
use crate::case::MAX_RECORDS;
use crate::case::error::{CaseError, Limit};
use crate::case::input::Action;
use crate::case::records::{CaseStatus, Dispute, DisputeState};

impl Work<'_> {
    /// Actions on case records rather than protocol state. Returns whether `action`
    /// was one of them.
    pub(super) fn case_record_action(
        &mut self,
        who: Who<'_>,
        action: &Action,
    ) -> Result<bool, CaseError> {
        let now = self.now;
        if action.items() > MAX_RECORDS {
            return Err(CaseError::TooLarge {
                what: Limit::Records,
                limit: MAX_RECORDS,
                found: action.items(),
            });
        }
        match action {
            Action::AgreeToRules => {
                if let Some(status) = self.status(who.index)
                    && status.agreed_at.is_none()
                {
                    status.agreed_at = Some(now);
                }
            }
            Action::MarkAffected { vendor, affected } => {
                let target = self.member(vendor)?;
                if !self.roles(target).contains(crate::role::Role::Vendor) {
                    return Err(self.not_permitted(
                        who,
                        action,
                        format!("`{vendor}` is not a vendor"),
                    ));
                }
                let coordinator = self
                    .roles(who.index)
                    .contains(crate::role::Role::Coordinator);
                if target != who.index && !coordinator {
                    return Err(self.not_permitted(
                        who,
                        action,
                        "only the vendor itself or a coordinator may say whether it is affected"
                            .to_owned(),
                    ));
                }
                if let Some(status) = self.status(target) {
                    status.affected = *affected;
                }
            }
            Action::OpenDispute { cause, detail } => {
                let disputes: &mut Vec<Dispute> = self.disputes_mut();
                let count = disputes.len().saturating_add(1);
                if count > MAX_RECORDS {
                    return Err(CaseError::TooLarge {
                        what: Limit::Records,
                        limit: MAX_RECORDS,
                        found: count,
                    });
                }
                disputes.push(Dispute {
                    id: u32::try_from(count).unwrap_or(u32::MAX),
                    cause: *cause,
                    opened_by: who.id.clone(),
                    opened_at: now,
                    detail: detail.clone(),
                    state: DisputeState::Open,
                });
            }
            Action::ResolveDispute {
                dispute,
                outcome,
                agreed_by,
            } => {
                if agreed_by.is_empty() {
                    return Err(CaseError::Recipients {
                        reason:
                            "a dispute is resolved by the agreement of at least one participant"
                                .to_owned(),
                    });
                }
                for (i, id) in agreed_by.iter().enumerate() {
                    self.member(id)?;
                    if agreed_by.iter().take(i).any(|other| other == id) {
                        return Err(CaseError::Recipients {
                            reason: format!("`{id}` is named twice among those agreeing"),
                        });
                    }
                }
                let record = find_dispute(self.disputes_mut().as_mut_slice(), *dispute)?;
                if record.state != DisputeState::Open {
                    return Err(CaseError::UnknownRecord {
                        reason: format!("dispute {dispute} is already concluded"),
                    });
                }
                record.state = DisputeState::Concluded {
                    outcome: outcome.clone(),
                    agreed_by: agreed_by.clone(),
                    at: now,
                };
            }
            Action::AgreeToConclusion { dispute } => {
                let record = find_dispute(self.disputes_mut().as_mut_slice(), *dispute)?;
                match &mut record.state {
                    DisputeState::Concluded { agreed_by, .. } => {
                        if !agreed_by.contains(who.id) {
                            agreed_by.push(who.id.clone());
                        }
                    }
                    DisputeState::Open => {
                        return Err(CaseError::UnknownRecord {
                            reason: format!("dispute {dispute} has no conclusion to agree to yet"),
                        });
                    }
                }
            }
            Action::UpdateAdvisory { advisory } => {
                self.set_advisory(advisory.as_ref().clone());
            }
            Action::RequestGrace { fix_expected } => {
                if !self.roles(who.index).contains(crate::role::Role::Vendor) {
                    return Err(self.not_permitted(
                        who,
                        action,
                        "only a vendor asks for grace".to_owned(),
                    ));
                }
                if let Some(status) = self.status(who.index)
                    && status.grace_requested_at.is_none()
                {
                    status.grace_requested_at = Some(now);
                    status.fix_expected_within_grace = *fix_expected;
                }
            }
            Action::CloseCase => {
                self.set_status(CaseStatus::Closed {
                    at: now,
                    by: who.id.clone(),
                });
            }
            Action::ReopenCase { .. } => {
                if *self.status_before() == CaseStatus::Open {
                    return Err(self.not_permitted(who, action, "the case is open".to_owned()));
                }
                self.set_status(CaseStatus::Open);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

fn find_dispute(disputes: &mut [Dispute], id: u32) -> Result<&mut Dispute, CaseError> {
    disputes
        .iter_mut()
        .find(|d| d.id == id)
        .ok_or_else(|| CaseError::UnknownRecord {
            reason: format!("there is no dispute {id}"),
        })
}
