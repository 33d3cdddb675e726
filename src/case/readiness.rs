//! "May we publish now, and if not, what is missing?"
//!
//! [`Case::publication_readiness`] lists every unmet coordinator rule that bears on
//! publication, each with the level the policy gives it. The publication guard uses
//! the same function, so a case that reports itself ready has no unmet rule at
//! [`Level::Deny`], and a `Publish` it then receives passes the policy.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::Case;
use super::data::CaseData;
use super::records::CaseStatus;
use crate::id::CaseId;
use crate::participant::{Participant, ParticipantId, ParticipantStatus};
use crate::policy::{AdvisoryField, Level};
use crate::role::Role;
use crate::rule::Rule;
use crate::typed::evidence::ReadyToPublish;

/// One thing missing before publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "missing", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Missing {
    /// An embargo is in force until `until`.
    EmbargoInForce {
        /// Its end.
        until: DateTime<Utc>,
    },
    /// A vendor (not marked unaffected) has not been reached.
    VendorNotReached {
        /// The vendor.
        vendor: ParticipantId,
    },
    /// A vendor's parent organisation has not been reached ("HQ never told").
    ParentNotReached {
        /// The vendor.
        vendor: ParticipantId,
        /// Its parent.
        parent: ParticipantId,
    },
    /// A downstream vendor is inside its window after the upstream fix.
    DownstreamWindow {
        /// The downstream vendor.
        vendor: ParticipantId,
        /// The upstream vendor.
        upstream: ParticipantId,
        /// When the window ends.
        until: DateTime<Utc>,
    },
    /// A vendor without a fix is still inside the policy's deadline.
    DeadlineNotReached {
        /// The vendor.
        vendor: ParticipantId,
        /// When its deadline passes.
        at: DateTime<Utc>,
    },
    /// A dispute is open.
    DisputeOpen {
        /// The dispute's number.
        dispute: u32,
    },
    /// A required advisory field is empty.
    AdvisoryField {
        /// The field.
        field: AdvisoryField,
    },
    /// A credit lacks the credited party's consent.
    CreditWithoutConsent {
        /// Who is credited.
        name: String,
    },
    /// The case is closed.
    CaseClosed,
}

/// An unmet rule: what is missing, which rule asks for it, at what level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmet {
    /// The rule.
    pub rule: Rule,
    /// Its level in the case's policy (warn or deny).
    pub level: Level,
    /// What is missing.
    pub missing: Missing,
}

/// The answer to "may we publish now?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Readiness {
    case: CaseId,
    at: DateTime<Utc>,
    /// Every unmet rule, refusing ones (deny) and advisory ones (warn).
    pub unmet: Vec<Unmet>,
}

impl Readiness {
    /// Whether no unmet rule is at deny level.
    #[must_use]
    pub fn is_ready(&self) -> bool {
        self.blocking().next().is_none()
    }

    /// The unmet rules at deny level.
    pub fn blocking(&self) -> impl Iterator<Item = &Unmet> {
        self.unmet.iter().filter(|u| u.level == Level::Deny)
    }

    /// The proof of readiness, if ready.
    #[must_use]
    pub fn token(&self) -> Option<ReadyToPublish> {
        self.is_ready()
            .then(|| ReadyToPublish::new(self.case.clone(), self.at))
    }
}

impl CaseData {
    /// The members, with their staged status.
    pub(super) fn members(&self) -> impl Iterator<Item = (&Participant, &ParticipantStatus)> {
        self.participants
            .iter()
            .filter(|(_, _, s)| s.is_member())
            .map(|(_, p, s)| (p, s))
    }

    fn status_of(&self, id: &ParticipantId) -> Option<&ParticipantStatus> {
        self.participants
            .index_of(id)
            .and_then(|i| self.participants.status(i))
    }

    /// Everything missing before `publisher` may publish.
    pub(super) fn readiness(
        &self,
        case: &CaseId,
        now: DateTime<Utc>,
        publisher: Option<&ParticipantId>,
    ) -> Readiness {
        let mut unmet = Vec::new();
        if matches!(self.status, CaseStatus::Closed { .. }) {
            unmet.push(Unmet {
                rule: Rule::CaseClosed,
                level: Level::Deny,
                missing: Missing::CaseClosed,
            });
        }
        if let Some(terms) = self.embargo.in_force()
            && crate::rules::embargo_forbids_publication(self.embargo.state())
        {
            // A signatory publishing under its own embargo is warned under every
            // policy (issue 12 item 3); the policy may refuse it.
            let signed = publisher
                .and_then(|id| self.status_of(id))
                .is_some_and(|s| s.is_member() && s.consent.is_signatory());
            let level = self.policy.level(Rule::PublishDuringEmbargo);
            let level = if signed {
                level.max(Level::Warn)
            } else {
                level
            };
            if level != Level::Off {
                unmet.push(Unmet {
                    rule: Rule::PublishDuringEmbargo,
                    level,
                    missing: Missing::EmbargoInForce { until: terms.end },
                });
            }
        }
        let mut push = |rule: Rule, missing: Missing| {
            let level = self.policy.level(rule);
            if level != Level::Off {
                unmet.push(Unmet {
                    rule,
                    level,
                    missing,
                });
            }
        };
        for (p, s) in self.members() {
            if Some(&p.id) == publisher {
                continue;
            }
            let affected_vendor = p.roles.contains(Role::Vendor)
                && s.affected != crate::participant::Affectedness::NotAffected;
            if crate::rules::vendor_unreached(p.roles, s.affected, s.rm) {
                push(
                    Rule::PublishVendorsUnreached,
                    Missing::VendorNotReached {
                        vendor: p.id.clone(),
                    },
                );
            }
            let parent = p.organisation.as_ref().and_then(|o| o.parent.as_ref());
            if let Some(parent) = parent
                && affected_vendor
                && self.status_of(parent).is_some_and(|ps| !ps.rm.is_reached())
            {
                push(
                    Rule::PublishParentUnreached,
                    Missing::ParentNotReached {
                        vendor: p.id.clone(),
                        parent: parent.clone(),
                    },
                );
            }
            for upstream in &p.upstream {
                let fixed = self.status_of(upstream).and_then(|u| u.fix_ready_at);
                let window = Duration::days(i64::from(self.policy.downstream_window_days));
                if let Some(until) = fixed.and_then(|at| at.checked_add_signed(window))
                    && now < until
                {
                    push(
                        Rule::PublishDownstreamWindow,
                        Missing::DownstreamWindow {
                            vendor: p.id.clone(),
                            upstream: upstream.clone(),
                            until,
                        },
                    );
                }
            }
        }
        for (p, s) in self.deadline_vendors() {
            if Some(&p.id) == publisher || !s.rm.is_reached() {
                continue;
            }
            let after_fix = self
                .policy
                .deadline
                .as_ref()
                .is_some_and(|r| r.after_fix.is_some());
            let fixed = s.vfd >= crate::cs::Vfd::FixReady;
            let at = match self.disclosure(s) {
                Some(Ok(disclosure)) => disclosure.at,
                // A deadline beyond the calendar's range never passes.
                Some(Err(_)) => DateTime::<Utc>::MAX_UTC,
                None => continue,
            };
            if now < at && (!fixed || after_fix) {
                push(
                    Rule::PublishBeforeDeadline,
                    Missing::DeadlineNotReached {
                        vendor: p.id.clone(),
                        at,
                    },
                );
            }
        }
        let reporters: Vec<ParticipantId> = self
            .members()
            .filter(|(p, _)| p.roles.contains(Role::Reporter))
            .map(|(p, _)| p.id.clone())
            .collect();
        for dispute in self.disputes.iter().filter(|d| d.is_open(&reporters)) {
            push(
                Rule::PublishOpenDispute,
                Missing::DisputeOpen {
                    dispute: dispute.id,
                },
            );
        }
        for &field in &self.policy.required_advisory_fields {
            if !self.advisory.has(field) {
                push(
                    Rule::PublishAdvisoryIncomplete,
                    Missing::AdvisoryField { field },
                );
            }
        }
        for credit in self.advisory.credits.iter().filter(|c| !c.consent) {
            push(
                Rule::PublishAdvisoryIncomplete,
                Missing::CreditWithoutConsent {
                    name: credit.name.clone(),
                },
            );
        }
        Readiness {
            case: case.clone(),
            at: now,
            unmet,
        }
    }
}

impl Case {
    /// What is missing before `publisher` may publish now (at [`Case::now`]);
    /// `None` asks on behalf of no particular participant.
    #[must_use]
    pub fn publication_readiness(&self, publisher: Option<&ParticipantId>) -> Readiness {
        self.data.readiness(self.id(), self.now, publisher)
    }

    /// Every pending policy deadline (per vendor: publication allowed, contact
    /// escalations), soonest first, followed by nothing else; see also
    /// [`Case::next_deadline`].
    #[must_use]
    pub fn policy_deadlines(&self) -> Vec<super::Deadline> {
        self.data.policy_deadlines(self.now)
    }
}
