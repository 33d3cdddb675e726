//! The policy's clocks applied to the case: per vendor, when publication is allowed
//! and when contact must be escalated. The arithmetic is in [`crate::deadline`];
//! this module gathers each vendor's facts from the case.

use chrono::{DateTime, Utc};

use super::data::CaseData;
use super::effect::{Deadline, DeadlineKind};
use crate::deadline::{
    DeadlineError, DeadlineFacts, Disclosure, contact_escalations, disclosure_date,
};
use crate::participant::{Participant, ParticipantStatus};
use crate::role::Role;

impl CaseData {
    /// When the case first received the report: the earliest time anyone who is
    /// not its finder or reporter was reached.
    fn report_received(&self) -> Option<DateTime<Utc>> {
        self.participants
            .iter()
            .filter(|(_, p, _)| !p.roles.contains_any(&[Role::Finder, Role::Reporter]))
            .filter_map(|(_, _, s)| s.reached_at)
            .min()
    }

    /// The facts the deadline rule reads for one vendor.
    pub(super) fn facts(&self, status: &ParticipantStatus) -> DeadlineFacts {
        DeadlineFacts {
            report_received: self.report_received(),
            first_contact_attempt: status.reached_at,
            vendor_acknowledged: status.acknowledged_at,
            fix_available: status.fix_ready_at,
            grace_requested: status.grace_requested_at,
            attacks_observed: self.attacks_observed_at,
            fix_expected_within_grace: status.fix_expected_within_grace,
        }
    }

    /// The vendors a deadline applies to: members with the vendor role, not marked
    /// unaffected.
    pub(super) fn deadline_vendors(
        &self,
    ) -> impl Iterator<Item = (&Participant, &ParticipantStatus)> {
        self.members().filter(|(p, s)| {
            p.roles.contains(Role::Vendor)
                && s.affected != crate::participant::Affectedness::NotAffected
        })
    }

    /// When publication is allowed for a vendor under the policy's deadline rule;
    /// `None` without a rule or before its anchor happened.
    pub(super) fn disclosure(
        &self,
        status: &ParticipantStatus,
    ) -> Option<Result<Disclosure, DeadlineError>> {
        let rule = self.policy.deadline.as_ref()?;
        disclosure_date(rule, &self.facts(status), &self.policy.calendar).transpose()
    }

    /// Every pending policy deadline after `now`: per vendor, when publication is
    /// allowed and when contact must be escalated. (The embargo's end is reported
    /// when the embargo starts or changes.)
    pub(super) fn policy_deadlines(&self, now: DateTime<Utc>) -> Vec<Deadline> {
        let mut out = Vec::new();
        for (p, s) in self.deadline_vendors() {
            if let Some(Ok(disclosure)) = self.disclosure(s)
                && disclosure.at > now
            {
                out.push(Deadline {
                    at: disclosure.at,
                    kind: DeadlineKind::PublishAllowed {
                        vendor: p.id.clone(),
                    },
                });
            }
            if let (Some(rule), Some(first)) = (&self.policy.escalation, s.reached_at)
                && let Ok(steps) =
                    contact_escalations(rule, first, s.acknowledged_at, &self.policy.calendar)
            {
                out.extend(steps.into_iter().filter(|e| e.at > now).map(|e| Deadline {
                    at: e.at,
                    kind: DeadlineKind::Escalate {
                        vendor: p.id.clone(),
                        step: e.step,
                    },
                }));
            }
        }
        out.sort_by_key(|d| d.at);
        out
    }
}
