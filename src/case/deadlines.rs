//! The policy's clocks applied to the case: per vendor, when publication is allowed
//! and when contact must be escalated. The arithmetic is in [`crate::deadline`];
//! this module gathers each vendor's facts from the case.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::data::CaseData;
use super::effect::{Deadline, DeadlineKind};
use crate::deadline::{
    DeadlineError, DeadlineFacts, Disclosure, contact_escalations, disclosure_date,
};
use crate::participant::{Participant, ParticipantStatus};
use crate::role::Role;

/// Whether a member's deadlines apply: it has the vendor role and is not marked
/// unaffected.
fn is_deadline_vendor(p: &Participant, s: &ParticipantStatus) -> bool {
    p.roles.contains(Role::Vendor) && s.affected != crate::participant::Affectedness::NotAffected
}

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

    /// The facts the deadline rule reads for one vendor, given the case's report
    /// date (the same for every vendor, so found once).
    fn facts_given(
        &self,
        status: &ParticipantStatus,
        report_received: Option<DateTime<Utc>>,
    ) -> DeadlineFacts {
        DeadlineFacts {
            report_received,
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
        self.members().filter(|(p, s)| is_deadline_vendor(p, s))
    }

    /// When publication is allowed for a vendor under the policy's deadline rule;
    /// `None` without a rule or before its anchor happened.
    pub(super) fn disclosure(
        &self,
        status: &ParticipantStatus,
    ) -> Option<Result<Disclosure, DeadlineError>> {
        self.disclosure_given(status, self.report_received())
    }

    fn disclosure_given(
        &self,
        status: &ParticipantStatus,
        report_received: Option<DateTime<Utc>>,
    ) -> Option<Result<Disclosure, DeadlineError>> {
        let rule = self.policy.deadline.as_ref()?;
        let facts = self.facts_given(status, report_received);
        disclosure_date(rule, &facts, &self.policy.calendar).transpose()
    }

    /// Every pending policy deadline after `now`: per vendor, when publication is
    /// allowed and when contact must be escalated. (The embargo's end is reported
    /// when the embargo starts or changes.)
    pub(super) fn policy_deadlines(&self, now: DateTime<Utc>) -> Vec<Deadline> {
        let report_received = self.report_received();
        let mut out = Vec::new();
        for (p, s) in self.deadline_vendors() {
            self.vendor_deadlines(p, s, report_received, now, &mut out);
        }
        out.sort_by_key(|d| d.at);
        out
    }

    /// The policy deadlines after `now` that this case has and `before` had not,
    /// in time order: what an input makes due. Equal to
    /// `policy_deadlines(now)` less `before.policy_deadlines(now)`, but a vendor
    /// whose identity and status are unchanged, under the same policy, report date
    /// and attacks, is not recomputed: an input pays for the vendors it touched.
    pub(super) fn new_deadlines(&self, before: &Self, now: DateTime<Utc>) -> Vec<Deadline> {
        let report_received = self.report_received();
        let earlier_report = before.report_received();
        let same_case = report_received == earlier_report
            && self.attacks_observed_at == before.attacks_observed_at
            && (Arc::ptr_eq(&self.policy, &before.policy) || self.policy == before.policy);
        let (mut out, mut now_due, mut was_due) = (Vec::new(), Vec::new(), Vec::new());
        for (p, s) in self.deadline_vendors() {
            let earlier = before
                .participants
                .index_of(&p.id)
                .and_then(|i| Some((before.participants.info(i)?, before.participants.status(i)?)))
                .filter(|(bp, bs)| bs.is_member() && is_deadline_vendor(bp, bs));
            if same_case && earlier.is_some_and(|(bp, bs)| bs == s && bp.roles == p.roles) {
                continue;
            }
            now_due.clear();
            was_due.clear();
            self.vendor_deadlines(p, s, report_received, now, &mut now_due);
            if let Some((bp, bs)) = earlier {
                before.vendor_deadlines(bp, bs, earlier_report, now, &mut was_due);
            }
            out.extend(now_due.drain(..).filter(|d| !was_due.contains(d)));
        }
        // Stable, like policy_deadlines' sort: the same order as filtering its list.
        out.sort_by_key(|d| d.at);
        out
    }

    /// One vendor's pending deadlines after `now`, appended to `out`: when
    /// publication is allowed, then each escalation step.
    fn vendor_deadlines(
        &self,
        p: &Participant,
        s: &ParticipantStatus,
        report_received: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        out: &mut Vec<Deadline>,
    ) {
        if let Some(Ok(disclosure)) = self.disclosure_given(s, report_received)
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
}
