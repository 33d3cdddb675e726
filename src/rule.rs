//! Stable identifiers of the rules a case enforces or warns about.
//!
//! Every refusal and every warning names its rule by one of these ids, so that
//! trackers, policies and conformance reports can refer to rules by name. The ids
//! (the serde and `Display` form, e.g. `send.report-state`) are stable.
//!
//! Protocol rules are always enforced. Coordinator rules ([`Rule::is_configurable`])
//! are set per case by its [`Policy`](crate::policy::Policy) to off, warn or deny,
//! and each serves one of the coordinator's [`Responsibility`]s.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

/// A rule of the protocol or of the case engine, by stable id.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[non_exhaustive]
pub enum Rule {
    /// The sender lacks the role the message needs ([reference §5](crate::reference)).
    #[serde(rename = "send.role")]
    #[strum(serialize = "send.role")]
    SendRole,
    /// The sender's RM state does not allow the message ([reference §1](crate::reference), §5).
    #[serde(rename = "send.report-state")]
    #[strum(serialize = "send.report-state")]
    SendReportState,
    /// The EM state does not allow the message ([reference §2](crate::reference), §5).
    #[serde(rename = "send.embargo-state")]
    #[strum(serialize = "send.embargo-state")]
    SendEmbargoState,
    /// Embargoes are negotiable only while `···pxa`, and start only while `··dpxa`
    /// ([reference §2](crate::reference) CS↔EM rules).
    #[serde(rename = "send.case-state")]
    #[strum(serialize = "send.case-state")]
    SendCaseState,
    /// The case-state event is refused (already happened, `V≺F≺D`, forcing rules;
    /// [reference §3](crate::reference)).
    #[serde(rename = "send.event")]
    #[strum(serialize = "send.event")]
    SendEvent,
    /// The step would break a cross-model invariant ([reference §6](crate::reference)).
    #[serde(rename = "state.invariant")]
    #[strum(serialize = "state.invariant")]
    StateInvariant,
    /// A participant closes its report while an embargo it knows of is in force
    /// ([reference §2](crate::reference) RM↔EM: "SHOULD NOT close while EM∈{A,R}"). A SHOULD of the
    /// protocol ([`Rule::is_should`]): at least a warning in every input form; a
    /// policy may raise it to deny. `Action::CloseDespiteEmbargo` is the explicit
    /// override (a warning with its reason, never refused).
    #[serde(rename = "close.embargo-in-force")]
    #[strum(serialize = "close.embargo-in-force")]
    CloseDuringEmbargo,
    /// Terms are accepted by someone other than their proposer (an embargo is an
    /// agreement between participants).
    #[serde(rename = "embargo.self-accept")]
    #[strum(serialize = "embargo.self-accept")]
    EmbargoSelfAccept,
    /// A reported status more than one step ahead, without the policy's opt-in
    /// (reference decision 5).
    #[serde(rename = "status.jump")]
    #[strum(serialize = "status.jump")]
    StatusJump,
    /// A reported status the participant cannot reach from where it is (backwards,
    /// or only by being sent the report).
    #[serde(rename = "status.unreachable")]
    #[strum(serialize = "status.unreachable")]
    StatusUnreachable,
    /// Embargo terms must end after they start, and in the future.
    #[serde(rename = "embargo.terms")]
    #[strum(serialize = "embargo.terms")]
    EmbargoTerms,
    /// An embargo message arrived once the case is no longer `···pxa`: refused with
    /// `ER`, or the embargo ended with `ET` ([reference §5](crate::reference) receiver transitions).
    #[serde(rename = "embargo.after-disclosure")]
    #[strum(serialize = "embargo.after-disclosure")]
    EmbargoAfterDisclosure,
    /// Embargo activity by a participant whose report is invalid or deferred
    /// ("SHOULD NOT start in {I, D, C}", [reference §2](crate::reference) RM↔EM).
    #[serde(rename = "embargo.inactive-participant")]
    #[strum(serialize = "embargo.inactive-participant")]
    EmbargoInactiveParticipant,
    /// New embargo negotiations once a fix is ready ("F: new negotiations SHOULD NOT
    /// start", [reference §2](crate::reference) CS↔EM).
    #[serde(rename = "embargo.after-fix")]
    #[strum(serialize = "embargo.after-fix")]
    EmbargoAfterFix,
    /// An embargo in force SHOULD end: a fix is deployed, or attacks were observed
    /// under a "should" policy ([reference §2](crate::reference) CS↔EM).
    #[serde(rename = "embargo.should-end")]
    #[strum(serialize = "embargo.should-end")]
    EmbargoShouldEnd,
    /// An exploit was released while an embargo was in force ("exploit publishers
    /// SHOULD NOT release exploits while EM∈{A,R}", [reference §2](crate::reference)).
    #[serde(rename = "embargo.exploit-released")]
    #[strum(serialize = "embargo.exploit-released")]
    ExploitDuringEmbargo,
    /// The public became aware while a vendor was not (`v··P··` may only take `V`,
    /// [reference §3](crate::reference) rule 2).
    #[serde(rename = "cs.vendor-unaware-at-publication")]
    #[strum(serialize = "cs.vendor-unaware-at-publication")]
    VendorUnawareAtPublication,
    /// The recipient could not accept the message in its state; an error reply is
    /// due ([reference §5](crate::reference)).
    #[serde(rename = "receive.unexpected")]
    #[strum(serialize = "receive.unexpected")]
    ReceiveUnexpected,
    /// Informational: a message allowed only by a view its sender held before a
    /// notice reached it (it crossed that notice in flight, [reference §6](crate::reference)). Nobody is
    /// flagged; the recipients answer as the receive rules say for where the case is.
    #[serde(rename = "view.crossed")]
    #[strum(serialize = "view.crossed")]
    ViewCrossed,
    /// The participant is not in the case.
    #[serde(rename = "participant.unknown")]
    #[strum(serialize = "participant.unknown")]
    UnknownParticipant,
    /// The participant was removed from the case.
    #[serde(rename = "participant.removed")]
    #[strum(serialize = "participant.removed")]
    RemovedParticipant,
    /// A participant with this id is already in the case.
    #[serde(rename = "participant.duplicate")]
    #[strum(serialize = "participant.duplicate")]
    DuplicateParticipant,
    /// A participant must hold at least one role.
    #[serde(rename = "participant.roles")]
    #[strum(serialize = "participant.roles")]
    NoRoles,
    /// Inputs arrive in time order.
    #[serde(rename = "time.monotonic")]
    #[strum(serialize = "time.monotonic")]
    TimeMonotonic,
    /// The payload does not fit the message type.
    #[serde(rename = "message.payload")]
    #[strum(serialize = "message.payload")]
    MessagePayload,
    /// Recipients must be members, distinct, not the sender, at least one.
    #[serde(rename = "message.recipients")]
    #[strum(serialize = "message.recipients")]
    MessageRecipients,
    /// An input or the case exceeds a documented bound.
    #[serde(rename = "limits")]
    #[strum(serialize = "limits")]
    Limits,
    /// A closed case takes no input but an explicit reopening.
    #[serde(rename = "case.closed")]
    #[strum(serialize = "case.closed")]
    CaseClosed,
    /// A dispute, advisory or other case record referred to does not exist.
    #[serde(rename = "case.unknown-record")]
    #[strum(serialize = "case.unknown-record")]
    UnknownRecord,
    /// Only participants with the right role may do this (e.g. mark another vendor
    /// affected); powers over the case are the `authority.` rules.
    #[serde(rename = "case.role")]
    #[strum(serialize = "case.role")]
    CaseRole,

    // ----- authority over the case (powers set by policy, always enforced) --------
    /// Changing the policy without holding the `change_policy` power.
    #[serde(rename = "authority.change-policy")]
    #[strum(serialize = "authority.change-policy")]
    AuthorityChangePolicy,
    /// Adding a participant without holding the `add_participant` power.
    #[serde(rename = "authority.add-participant")]
    #[strum(serialize = "authority.add-participant")]
    AuthorityAddParticipant,
    /// Removing a participant without holding the `remove_participant` power, or
    /// removing the case's owner (ownership is transferred first).
    #[serde(rename = "authority.remove-participant")]
    #[strum(serialize = "authority.remove-participant")]
    AuthorityRemoveParticipant,
    /// Proposing or revising embargo terms for the case (`EP`, `EV`) without
    /// holding the `propose_embargo` power.
    #[serde(rename = "authority.propose-embargo")]
    #[strum(serialize = "authority.propose-embargo")]
    AuthorityProposeEmbargo,
    /// Terminating the embargo in force (`ET`) without holding the
    /// `terminate_embargo` power.
    #[serde(rename = "authority.terminate-embargo")]
    #[strum(serialize = "authority.terminate-embargo")]
    AuthorityTerminateEmbargo,
    /// Closing the case without holding the `close_case` power.
    #[serde(rename = "authority.close-case")]
    #[strum(serialize = "authority.close-case")]
    AuthorityCloseCase,
    /// Reopening the case without holding the `reopen_case` power.
    #[serde(rename = "authority.reopen-case")]
    #[strum(serialize = "authority.reopen-case")]
    AuthorityReopenCase,
    /// Offering the case's ownership without holding the `transfer_ownership`
    /// power.
    #[serde(rename = "authority.transfer-ownership")]
    #[strum(serialize = "authority.transfer-ownership")]
    AuthorityTransferOwnership,
    /// An ownership offer to no other member, or an answer to an offer not
    /// pending for the one answering (only the offeree accepts or rejects).
    #[serde(rename = "authority.ownership-offer")]
    #[strum(serialize = "authority.ownership-offer")]
    AuthorityOwnershipOffer,
    /// An input where authority matters that does not say who did it (`by`).
    #[serde(rename = "authority.missing-actor")]
    #[strum(serialize = "authority.missing-actor")]
    AuthorityMissingActor,

    // ----- coordinator rules (configurable by policy) ----------------------------
    /// Publication while an embargo is in force (unless torn down by P, X or A, or
    /// an early release with a reason the policy allows).
    #[serde(rename = "publish.embargo-in-force")]
    #[strum(serialize = "publish.embargo-in-force")]
    PublishDuringEmbargo,
    /// Publication before every vendor (not marked unaffected) has been reached.
    #[serde(rename = "publish.vendors-unreached")]
    #[strum(serialize = "publish.vendors-unreached")]
    PublishVendorsUnreached,
    /// Publication before a vendor's parent organisation (headquarters) has been
    /// reached ("HQ never told").
    #[serde(rename = "publish.parent-unreached")]
    #[strum(serialize = "publish.parent-unreached")]
    PublishParentUnreached,
    /// Publication before downstream vendors had the policy's window after their
    /// upstream's fix (vertical supply chain).
    #[serde(rename = "publish.downstream-window")]
    #[strum(serialize = "publish.downstream-window")]
    PublishDownstreamWindow,
    /// Publication before a vendor's disclosure deadline under the policy's
    /// deadline rule, while that vendor has no fix (or, where the rule gives a
    /// period after the fix, before that period ends).
    #[serde(rename = "publish.before-deadline")]
    #[strum(serialize = "publish.before-deadline")]
    PublishBeforeDeadline,
    /// Publication while a dispute is open.
    #[serde(rename = "publish.open-dispute")]
    #[strum(serialize = "publish.open-dispute")]
    PublishOpenDispute,
    /// Publication with advisory fields the policy requires missing, or a credit
    /// without the credited party's consent.
    #[serde(rename = "publish.advisory-incomplete")]
    #[strum(serialize = "publish.advisory-incomplete")]
    PublishAdvisoryIncomplete,
    /// Closing a report while a dispute is open.
    #[serde(rename = "close.open-dispute")]
    #[strum(serialize = "close.open-dispute")]
    CloseOpenDispute,
    /// Content above a participant's disclosure level (TLP-like clearance).
    #[serde(rename = "share.clearance")]
    #[strum(serialize = "share.clearance")]
    ShareAboveClearance,
    /// An individually registered vendor receiving information about other
    /// vendors' products (JPCERT/CC registration model).
    #[serde(rename = "share.other-vendors")]
    #[strum(serialize = "share.other-vendors")]
    ShareOtherVendors,
    /// Sharing content with a participant that has not agreed to the case's rules
    /// (and, while an embargo is in force, to the embargo).
    #[serde(rename = "share.agreement")]
    #[strum(serialize = "share.agreement")]
    ShareWithoutAgreement,
    /// An individually registered vendor in a multi-vendor case.
    #[serde(rename = "participant.individual-multi-vendor")]
    #[strum(serialize = "participant.individual-multi-vendor")]
    IndividualInMultiVendor,
    /// Reopening a closed case.
    #[serde(rename = "case.reopen")]
    #[strum(serialize = "case.reopen")]
    ReopenCase,
    /// An embargo longer than the policy's maximum.
    #[serde(rename = "embargo.max-duration")]
    #[strum(serialize = "embargo.max-duration")]
    EmbargoTooLong,
    /// An upstream fix is ready but a downstream vendor has not been reached to be
    /// told.
    #[serde(rename = "supply-chain.downstream-unreached")]
    #[strum(serialize = "supply-chain.downstream-unreached")]
    DownstreamUnreached,
}

/// What a coordinator is for (JPCERT/CC, "Creating the Coordinator Rules"): every
/// coordinator rule serves one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Responsibility {
    /// Information reaches every affected party, and only the right parties.
    InformationReach,
    /// A mitigation is made while the issue is undisclosed.
    MitigationWhileUndisclosed,
    /// Disclosure happens at the agreed time.
    DisclosureAtAgreedTime,
    /// Fixes get applied.
    FixApplied,
}

impl Rule {
    /// Whether a policy sets this rule to off, warn or deny (coordinator rules);
    /// protocol and input rules are always enforced.
    #[must_use]
    pub const fn is_configurable(self) -> bool {
        self.responsibility().is_some()
    }

    /// Whether this configurable rule restates a SHOULD of the protocol, so that a
    /// policy cannot turn it off: its level is at least [`Level::Warn`]
    /// ([`Policy::level`]).
    ///
    /// [`Level::Warn`]: crate::policy::Level::Warn
    /// [`Policy::level`]: crate::policy::Policy::level
    #[must_use]
    pub const fn is_should(self) -> bool {
        matches!(self, Self::CloseDuringEmbargo)
    }

    /// The coordinator responsibility a configurable rule serves.
    #[must_use]
    pub const fn responsibility(self) -> Option<Responsibility> {
        use Responsibility as R;
        match self {
            Self::PublishVendorsUnreached
            | Self::PublishParentUnreached
            | Self::ShareAboveClearance
            | Self::ShareOtherVendors
            | Self::ShareWithoutAgreement
            | Self::IndividualInMultiVendor
            | Self::DownstreamUnreached => Some(R::InformationReach),
            Self::PublishDownstreamWindow | Self::PublishBeforeDeadline => {
                Some(R::MitigationWhileUndisclosed)
            }
            Self::PublishDuringEmbargo
            | Self::CloseDuringEmbargo
            | Self::PublishOpenDispute
            | Self::CloseOpenDispute
            | Self::EmbargoTooLong
            | Self::ReopenCase => Some(R::DisclosureAtAgreedTime),
            Self::PublishAdvisoryIncomplete => Some(R::FixApplied),
            _ => None,
        }
    }
}
