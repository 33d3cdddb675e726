//! Named policies for kinds of coordinator. Every number and its source is listed in
//! `docs/policies.md`; [`crate::reference::coordinator_rules`] summarises the sources.
//!
//! Authority: `vultron` and `vultron-live` keep [`Authority::default`] (the owner manages the case and
//! its membership, coordinators may also add and remove participants and close or
//! reopen the case, any member proposes or terminates the embargo as the protocol allows);
//! every other preset gives every power to the case's owner alone.

use super::{AdvisoryField as F, Authority, Level, Policy};
use crate::deadline::{DeadlineRule, EscalationRule};
use crate::rule::Rule as R;

/// Makes a preset.
pub type MakePolicy = fn() -> Policy;

/// Every preset by name.
pub const PRESETS: &[(&str, MakePolicy)] = &[
    ("vultron", Policy::default),
    ("vultron-live", vultron_live),
    ("cert-cc", cert_cc),
    ("jpcert-cc", jpcert_cc),
    ("project-zero", project_zero),
    ("zdi", zdi),
    ("bug-bounty", bug_bounty),
    ("linux-distros", linux_distros),
    ("capped-150", capped_150),
];

/// Vultron's running implementation (CERTCC/Vultron at 6883299): the rules and
/// authority of `vultron`, under its own name. What differs is how a recorded
/// exchange is read under it (`as2::exchange::VULTRON_LIVE`, docs/interop.md).
#[must_use]
pub fn vultron_live() -> Policy {
    Policy::protocol_only("vultron-live", "1")
}

/// A coordinator preset: these rules, and the powers over the case held by the
/// case's owner and its coordinators ([`Authority::coordinated`]).
fn with_rules(name: &str, rules: &[(R, Level)]) -> Policy {
    let mut policy = rules.iter().fold(
        Policy::protocol_only(name, "1"),
        |policy, &(rule, level)| policy.with(rule, level),
    );
    policy.authority = Authority::coordinated();
    policy
}

/// A CERT/CC-like coordinator (CERT Guide to CVD §3.5; CERT/CC disclosure policy):
/// every vendor reached before publication, the embargo honoured, earlier release
/// allowed when actively exploited, disputes flagged, an advisory with title,
/// affected products and remediation.
#[must_use]
pub fn cert_cc() -> Policy {
    let mut policy = with_rules(
        "cert-cc",
        &[
            (R::PublishDuringEmbargo, Level::Deny),
            (R::PublishVendorsUnreached, Level::Deny),
            (R::PublishParentUnreached, Level::Warn),
            (R::PublishDownstreamWindow, Level::Warn),
            (R::PublishBeforeDeadline, Level::Deny),
            (R::PublishOpenDispute, Level::Warn),
            (R::PublishAdvisoryIncomplete, Level::Deny),
            (R::CloseOpenDispute, Level::Warn),
            (R::ShareAboveClearance, Level::Deny),
            (R::DownstreamUnreached, Level::Warn),
            (R::ReopenCase, Level::Warn),
        ],
    );
    policy.allow_early_release = true;
    policy.downstream_window_days = 14;
    policy.required_advisory_fields = vec![F::Title, F::Affected, F::Remediation];
    policy.deadline = Some(DeadlineRule::cert_cc());
    policy
}

/// A JPCERT/CC-like coordinator (coordinator-rules.md, JPCERT/CC practice):
/// registered vendors, individual registrations kept out of multi-vendor cases and
/// away from other vendors' information, agreement before sharing, headquarters
/// reached, one agreed release date, disputes settled first.
#[must_use]
pub fn jpcert_cc() -> Policy {
    let mut policy = with_rules(
        "jpcert-cc",
        &[
            (R::PublishDuringEmbargo, Level::Deny),
            (R::PublishVendorsUnreached, Level::Deny),
            (R::PublishParentUnreached, Level::Deny),
            (R::PublishDownstreamWindow, Level::Deny),
            (R::PublishOpenDispute, Level::Deny),
            (R::PublishAdvisoryIncomplete, Level::Deny),
            (R::CloseOpenDispute, Level::Deny),
            (R::ShareAboveClearance, Level::Deny),
            (R::ShareOtherVendors, Level::Deny),
            (R::ShareWithoutAgreement, Level::Deny),
            (R::IndividualInMultiVendor, Level::Deny),
            (R::DownstreamUnreached, Level::Warn),
            (R::ReopenCase, Level::Deny),
        ],
    );
    policy.downstream_window_days = 30;
    policy.required_advisory_fields = vec![F::Title, F::Affected, F::Remediation, F::Identifiers];
    policy
}

/// A Project Zero-like finder-coordinator (Project Zero disclosure policy): the
/// deadline, not the embargo, decides; publication during an embargo only warns.
#[must_use]
pub fn project_zero() -> Policy {
    let mut policy = with_rules(
        "project-zero",
        &[
            (R::PublishDuringEmbargo, Level::Warn),
            (R::PublishVendorsUnreached, Level::Warn),
            (R::PublishBeforeDeadline, Level::Deny),
        ],
    );
    policy.allow_early_release = true;
    policy.deadline = Some(DeadlineRule::project_zero());
    policy
}

/// A Zero Day Initiative-like coordinator (ZDI disclosure policy): 120 days from
/// the vendor's response, with second contact, intermediary and advisory
/// escalations at 5, 5 more and 15 business days when the vendor does not answer.
#[must_use]
pub fn zdi() -> Policy {
    let mut policy = with_rules(
        "zdi",
        &[
            (R::PublishDuringEmbargo, Level::Warn),
            (R::PublishBeforeDeadline, Level::Deny),
        ],
    );
    policy.deadline = Some(DeadlineRule::zdi());
    policy.escalation = Some(EscalationRule::zdi());
    policy.calendar = crate::calendar::NonWorkingDays::weekends();
    policy
}

/// The 90+30 variant with a 14-day grace, capped at 150 days, deadlines on a
/// non-working day moving to the next working day.
#[must_use]
pub fn capped_150() -> Policy {
    let mut policy = with_rules("capped-150", &[(R::PublishBeforeDeadline, Level::Deny)]);
    policy.deadline = Some(DeadlineRule::capped_150());
    policy.calendar = crate::calendar::NonWorkingDays::weekends();
    policy
}

/// A bug-bounty-platform-like coordinator: researchers and vendors agree to the
/// programme's terms before anything is shared, disputes are mediated before
/// publication or closing, credits need consent.
#[must_use]
pub fn bug_bounty() -> Policy {
    let mut policy = with_rules(
        "bug-bounty",
        &[
            (R::PublishDuringEmbargo, Level::Deny),
            (R::PublishVendorsUnreached, Level::Deny),
            (R::PublishOpenDispute, Level::Deny),
            (R::PublishAdvisoryIncomplete, Level::Deny),
            (R::CloseOpenDispute, Level::Deny),
            (R::ShareAboveClearance, Level::Deny),
            (R::ShareWithoutAgreement, Level::Deny),
            (R::ReopenCase, Level::Warn),
        ],
    );
    policy.required_advisory_fields = vec![F::Title, F::Credits];
    policy
}

/// The linux-distros list: embargoes of at most 14 days (under 7 preferred).
#[must_use]
pub fn linux_distros() -> Policy {
    let mut policy = with_rules(
        "linux-distros",
        &[
            (R::EmbargoTooLong, Level::Deny),
            (R::PublishDuringEmbargo, Level::Deny),
        ],
    );
    policy.deadline = Some(DeadlineRule::linux_distros());
    policy
}
