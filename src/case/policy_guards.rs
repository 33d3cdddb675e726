//! The case's policy guards: the configurable coordinator rules, checked before an
//! input is applied.
//!
//! Each guard finds what an input would break, then [`Work::verdict`] applies the
//! policy's level: off (nothing), warn (a warning effect naming the rule) or deny (a
//! [`CaseError::PolicyDenied`] naming the rule, the responsibility it serves and the
//! policy). Facts reported by peers that have already happened in the world (a
//! `CP` message) are never refused: their deny verdicts become warnings.

use super::error::{Attempt, CaseError, PolicyVerdict};
use super::input::{Action, ActionKind, Input, Payload, ReportSummary};
use super::readiness::Missing;
use super::step::{Mode, Who, Work};
use crate::message::MessageType;
use crate::participant::{ParticipantId, Registration};
use crate::policy::Level;
use crate::role::Role;
use crate::rule::Rule;

impl Work<'_> {
    /// Checks `input` against the case's coordinator rules.
    pub(super) fn guard(&mut self, input: &Input) -> Result<(), CaseError> {
        match input {
            Input::Act { actor, action } => match action {
                Action::Publish => self.publication(actor, false, false),
                Action::PublishEarly { .. } => self.publication(actor, true, false),
                Action::Submit { to, report } => self.sharing(to, report),
                Action::ProposeEmbargo { terms } | Action::ReviseEmbargo { terms } => {
                    self.embargo_length(actor, terms)
                }
                Action::ReopenCase { reason } => {
                    let why = || format!("reopening a closed case: {reason}");
                    self.verdict(Rule::ReopenCase, Some(actor), why, false)
                }
                _ => Ok(()),
            },
            Input::Message { message } => {
                if let Payload::Report(report) = &message.payload {
                    for to in &message.to {
                        self.sharing(to, report)?;
                    }
                }
                if let Payload::Embargo(terms) = &message.payload {
                    self.embargo_length(&message.from, terms)?;
                }
                match message.kind {
                    MessageType::CP => self.publication(&message.from, false, true),
                    _ => Ok(()),
                }
            }
            Input::AddParticipant { participant, .. } => {
                let vendor = participant.roles.contains(Role::Vendor);
                let vendors = self.vendor_members();
                let individual_present = self.after.members().any(|(p, _)| {
                    p.registration == Registration::Individual && p.roles.contains(Role::Vendor)
                });
                let breaks = vendor
                    && !self.policy_before().allow_individual_in_multi_vendor
                    && ((participant.registration == Registration::Individual && vendors > 0)
                        || individual_present);
                if breaks {
                    let why = || {
                        format!(
                            "`{}` would make a multi-vendor case with an individually registered vendor",
                            participant.id
                        )
                    };
                    return self.verdict(
                        Rule::IndividualInMultiVendor,
                        Some(&participant.id),
                        why,
                        false,
                    );
                }
                Ok(())
            }
            Input::RemoveParticipant { .. }
            | Input::Status { .. }
            | Input::ChangePolicy { .. }
            | Input::OfferOwnership { .. }
            | Input::AcceptOwnership { .. }
            | Input::RejectOwnership { .. }
            | Input::Tick => Ok(()),
        }
    }

    /// The guards on what `who` announces with `kind`, in every input form
    /// (`mode`: an act is local, a message or status report a peer's): closing a
    /// report during an embargo or with a dispute open (`RC`), a fix ready while
    /// downstream vendors are unreached (`CF`).
    pub(super) fn announced(
        &mut self,
        who: Who<'_>,
        kind: MessageType,
        attempt: Attempt,
        mode: Mode,
    ) -> Result<(), CaseError> {
        match kind {
            MessageType::RC => {
                let em = self.after.embargo.state();
                let overridden = attempt == Attempt::Action(ActionKind::CloseDespiteEmbargo);
                if em.is_in_force() && !overridden && self.knows_embargo_in_force(who.index, mode) {
                    let why = || {
                        format!(
                            "`{}` closes its report while the embargo is `{em}` (reference §2: participants SHOULD NOT close while EM ∈ {{A, R}}); use the explicit override `close_despite_embargo`, or hold the report in deferred or invalid",
                            who.id
                        )
                    };
                    self.verdict(Rule::CloseDuringEmbargo, Some(who.id), why, false)?;
                }
                self.closing(who.id)
            }
            MessageType::CF => self.downstream(who.id),
            _ => Ok(()),
        }
    }

    /// Whether participant `i` knows the embargo is in force: at the hub (an act),
    /// always; for a peer's message or status report, when every entry of its view
    /// has it in force (a participant that may not yet have heard of the activation
    /// could not know, [reference §6](crate::reference)).
    fn knows_embargo_in_force(&self, i: usize, mode: Mode) -> bool {
        mode == Mode::Local
            || self
                .state(i)
                .is_some_and(|s| s.view.entries().iter().all(|told| told.em.is_in_force()))
    }

    fn vendor_members(&self) -> usize {
        self.after
            .members()
            .filter(|(p, _)| p.roles.contains(Role::Vendor))
            .count()
    }

    /// Emits the policy deadlines this step creates or moves (those not pending
    /// before it).
    pub(super) fn announce_deadlines(&mut self) {
        let policy = &self.after.policy;
        if policy.deadline.is_none() && policy.escalation.is_none() {
            return;
        }
        // Without a copy of the data from before the input, its policy had no
        // deadlines: all are new.
        let deadlines = match &self.deadlines_before {
            Some(before) => self.after.new_deadlines(before, self.now),
            None => self.after.policy_deadlines(self.now),
        };
        for deadline in deadlines {
            self.push(super::effect::Effect::Deadline(deadline));
        }
    }

    fn publication(
        &mut self,
        publisher: &ParticipantId,
        early: bool,
        peer: bool,
    ) -> Result<(), CaseError> {
        let readiness = self
            .after
            .readiness(self.case_id, self.now, Some(publisher));
        for unmet in readiness.unmet {
            if unmet.rule == Rule::CaseClosed {
                continue; // the closed case refuses the input on its own
            }
            let waived = early
                && self.policy_before().allow_early_release
                && matches!(unmet.missing, Missing::EmbargoInForce { .. });
            if waived {
                continue;
            }
            let why = || format!("publication: {}", describe(&unmet.missing));
            self.verdict_at(unmet.rule, unmet.level, Some(publisher), why, peer)?;
        }
        if early
            && !self.policy_before().allow_early_release
            && self.after.embargo.in_force().is_some()
        {
            let why = || "early release is not allowed by this policy".to_owned();
            self.verdict(Rule::PublishDuringEmbargo, Some(publisher), why, peer)?;
        }
        Ok(())
    }

    fn sharing(&mut self, to: &ParticipantId, report: &ReportSummary) -> Result<(), CaseError> {
        let Some(i) = self.index_of(to) else {
            return Ok(()); // unknown recipients are refused by the step itself
        };
        let Some(p) = self.info(i) else {
            return Ok(());
        };
        let (clearance, registration) = (p.clearance, p.registration);
        let status = self.state(i).copied();
        if report.tlp > clearance {
            let why = || {
                format!(
                    "the report is TLP:{} but `{to}` may receive up to TLP:{}",
                    report.tlp, clearance
                )
            };
            self.verdict(Rule::ShareAboveClearance, Some(to), why, false)?;
        }
        if registration == Registration::Individual && report.vendors.iter().any(|v| v != to) {
            let why = || {
                format!(
                    "`{to}` registered individually and may only receive information about its own products"
                )
            };
            self.verdict(Rule::ShareOtherVendors, Some(to), why, false)?;
        }
        let agreed = status.is_some_and(|s| s.agreed_at.is_some());
        let signed = status.is_some_and(|s| s.consent.is_signatory());
        if !agreed || (self.after.embargo.in_force().is_some() && !signed) {
            let why = || {
                if agreed {
                    format!("`{to}` has not agreed to the embargo in force")
                } else {
                    format!("`{to}` has not agreed to the case's rules")
                }
            };
            self.verdict(Rule::ShareWithoutAgreement, Some(to), why, false)?;
        }
        Ok(())
    }

    fn embargo_length(
        &mut self,
        actor: &ParticipantId,
        terms: &super::embargo::EmbargoTerms,
    ) -> Result<(), CaseError> {
        use crate::deadline::EmbargoFit;
        let Some(rule) = &self.policy_before().deadline else {
            return Ok(());
        };
        let days = terms.end.signed_duration_since(terms.start).num_days();
        match rule.embargo_fit(terms.start, terms.end) {
            Ok(EmbargoFit::TooLong) => {
                let max = rule.max_embargo_days.unwrap_or_default();
                let why = || format!("an embargo of {days} days exceeds the policy's {max}");
                self.verdict(Rule::EmbargoTooLong, Some(actor), why, false)
            }
            Ok(EmbargoFit::Acceptable) => {
                let preferred = rule.preferred_embargo_days.unwrap_or_default();
                let why = || {
                    format!("an embargo of {days} days is longer than the preferred {preferred}")
                };
                // Longer than preferred is never refused.
                self.verdict(Rule::EmbargoTooLong, Some(actor), why, true)
            }
            Ok(EmbargoFit::Preferred) | Err(_) => Ok(()),
        }
    }

    fn closing(&mut self, actor: &ParticipantId) -> Result<(), CaseError> {
        let reporters: Vec<ParticipantId> = self
            .after
            .participants
            .iter()
            .filter(|(_, p, _)| p.roles.contains(Role::Reporter))
            .map(|(_, p, _)| p.id.clone())
            .collect();
        let open: Vec<u32> = self
            .after
            .disputes
            .iter()
            .filter(|d| d.is_open(&reporters))
            .map(|d| d.id)
            .collect();
        for id in open {
            let why = || format!("dispute {id} is open");
            self.verdict(Rule::CloseOpenDispute, Some(actor), why, false)?;
        }
        Ok(())
    }

    /// An upstream fix is ready: downstream vendors must be reachable to be told.
    fn downstream(&mut self, upstream: &ParticipantId) -> Result<(), CaseError> {
        let unreached: Vec<ParticipantId> = self
            .after
            .members()
            .filter(|(p, s)| p.upstream.contains(upstream) && !s.rm.is_reached())
            .map(|(p, _)| p.id.clone())
            .collect();
        for vendor in unreached {
            let why = || {
                format!(
                    "`{upstream}`'s fix is ready but downstream `{vendor}` has not been reached to be told"
                )
            };
            // A fix being ready is never refused: at most a warning.
            self.verdict(Rule::DownstreamUnreached, Some(&vendor), why, true)?;
        }
        Ok(())
    }

    /// Applies the policy's level for `rule`; the reason is written only when the
    /// level is not off.
    pub(super) fn verdict(
        &mut self,
        rule: Rule,
        participant: Option<&ParticipantId>,
        reason: impl FnOnce() -> String,
        never_deny: bool,
    ) -> Result<(), CaseError> {
        let level = self.policy_before().level(rule);
        self.verdict_at(rule, level, participant, reason, never_deny)
    }

    /// Applies `level` for `rule` (the policy's, or more where the case raises it:
    /// a signatory publishing under its embargo is at least warned).
    fn verdict_at(
        &mut self,
        rule: Rule,
        level: Level,
        participant: Option<&ParticipantId>,
        reason: impl FnOnce() -> String,
        never_deny: bool,
    ) -> Result<(), CaseError> {
        let policy = &self.policy_before();
        match level {
            Level::Off => Ok(()),
            Level::Deny if !never_deny => Err(CaseError::PolicyDenied(Box::new(PolicyVerdict {
                rule,
                responsibility: rule
                    .responsibility()
                    .unwrap_or(crate::rule::Responsibility::InformationReach),
                policy: format!("{} {}", policy.name, policy.version),
                participant: participant.cloned(),
                reason: reason(),
            }))),
            Level::Warn | Level::Deny => {
                let index = participant.and_then(|id| self.index_of(id));
                self.warn(rule, index, reason());
                Ok(())
            }
        }
    }
}

fn describe(missing: &Missing) -> String {
    match missing {
        Missing::EmbargoInForce { until } => format!("an embargo is in force until {until}"),
        Missing::VendorNotReached { vendor } => format!("vendor `{vendor}` has not been reached"),
        Missing::ParentNotReached { vendor, parent } => {
            format!("`{vendor}`'s parent organisation `{parent}` has not been reached")
        }
        Missing::DownstreamWindow {
            vendor,
            upstream,
            until,
        } => {
            format!("downstream `{vendor}` has until {until} after `{upstream}`'s fix")
        }
        Missing::DeadlineNotReached { vendor, at } => {
            format!("`{vendor}`'s disclosure deadline passes only at {at}")
        }
        Missing::DisputeOpen { dispute } => format!("dispute {dispute} is open"),
        Missing::AdvisoryField { field } => format!("the advisory has no {field}"),
        Missing::CreditWithoutConsent { name } => {
            format!("`{name}` has not consented to be credited")
        }
        Missing::CaseClosed => "the case is closed".to_owned(),
    }
}
