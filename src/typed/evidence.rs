//! Proof tokens: values that only the step establishing a fact can create.
//!
//! As in rustls (`HandshakeSignatureValid(())`), each token is a zero-sized struct
//! with a private field, so code outside this module cannot build one; the only
//! constructors record the fact through the runtime case-state machine. A typed
//! transition that depends on the fact takes the token by value, so skipping the
//! step that establishes it is a compile error.
//!
//! # Publishing needs the case's readiness proof
//! [`PublicAwareness::record`] records that the public became aware (someone
//! published, or an exploit did). A participant's *own* publication goes through
//! [`PublicAwareness::publish`], which consumes the
//! [`ReadyToPublish`] token that only
//! [`Readiness::token`](crate::case::Readiness::token) creates, when the case's
//! publication check finds no unmet required rule.
//!
//! [`EarlyEndEvidence`] is the set of reasons an embargo may end before its agreed
//! end ([`Embargo::end_early`](super::Embargo::end_early)). It is sealed and has one
//! implementation per token here.

use super::sealed::Sealed;
use chrono::{DateTime, Utc};

use crate::cs::{CaseState, CsError, CsEvent};
use crate::id::CaseId;
use crate::protocol::Recorded;

/// Proof that public awareness (`P`) has been recorded.
///
/// Reference §2 (CS↔EM rules): once the public is aware, an embargo in force SHALL
/// terminate. Created only by [`PublicAwareness::record`] and
/// [`PublicAwareness::from_recorded`].
#[derive(Debug)]
pub struct PublicAwareness(());

impl PublicAwareness {
    /// Records `P` in `state` through the case-state machine; returns the new state
    /// and the proof.
    ///
    /// # Errors
    /// [`CsError`] when the case-state model refuses `P` in `state`: it already
    /// happened, or a forcing rule allows only `V` (`v··P··` never persists).
    ///
    /// # Example
    /// ```
    /// use mpcvd::typed::PublicAwareness;
    /// let (state, _proof) = PublicAwareness::record("VFdpxa".parse()?)?;
    /// assert_eq!(state.to_string(), "VFdPxa");
    /// assert!(PublicAwareness::record(state).is_err()); // P happens once
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record(state: CaseState) -> Result<(CaseState, Self), CsError> {
        state
            .apply(CsEvent::PublicAware)
            .map(|next| (next, Self(())))
    }

    /// Publishes: records `P` as this participant's own publication. Needs the
    /// case's proof that publication is allowed now, consumed here so that one
    /// check cannot license two publications.
    ///
    /// # Errors
    /// [`CsError`] as for [`PublicAwareness::record`].
    ///
    /// # Example
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use mpcvd::case::Case;
    /// use mpcvd::cs::CaseState;
    /// use mpcvd::id::CaseId;
    /// use mpcvd::policy::Policy;
    /// use mpcvd::typed::PublicAwareness;
    /// let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    /// let case = Case::new(CaseId::new("VU#1")?, Policy::default(), now);
    /// let ready = case.publication_readiness(None).token().ok_or("not ready")?;
    /// let (state, _proof) = PublicAwareness::publish("VFdpxa".parse()?, ready)?;
    /// assert_eq!(state, "VFdPxa".parse::<CaseState>()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn publish(state: CaseState, ready: ReadyToPublish) -> Result<(CaseState, Self), CsError> {
        drop(ready);
        Self::record(state)
    }

    /// The proof, if the runtime recording step [`CsScope::record`] recorded `P`
    /// (directly, or forced by a public exploit `X`).
    ///
    /// [`CsScope::record`]: crate::protocol::CsScope::record
    #[must_use]
    pub fn from_recorded(recorded: &Recorded) -> Option<Self> {
        recorded
            .events
            .contains(CsEvent::PublicAware)
            .then_some(Self(()))
    }
}

/// Proof that attacks (`A`) have been recorded.
///
/// Reference §2 (CS↔EM rules): once attacks are observed, an embargo in force SHOULD
/// terminate. Created only by [`AttacksObserved::record`] and
/// [`AttacksObserved::from_recorded`].
#[derive(Debug)]
pub struct AttacksObserved(());

impl AttacksObserved {
    /// Records `A` in `state` through the case-state machine; returns the new state
    /// and the proof.
    ///
    /// # Errors
    /// [`CsError`] when the case-state model refuses `A` in `state`: it already
    /// happened, or a forcing rule allows only another event.
    pub fn record(state: CaseState) -> Result<(CaseState, Self), CsError> {
        state
            .apply(CsEvent::AttacksObserved)
            .map(|next| (next, Self(())))
    }

    /// The proof, if the runtime recording step [`CsScope::record`] recorded `A`.
    ///
    /// [`CsScope::record`]: crate::protocol::CsScope::record
    #[must_use]
    pub fn from_recorded(recorded: &Recorded) -> Option<Self> {
        recorded
            .events
            .contains(CsEvent::AttacksObserved)
            .then_some(Self(()))
    }
}

/// A reason to end an embargo before its agreed end, proven by a token.
///
/// Sealed: implemented by [`PublicAwareness`] and [`AttacksObserved`] only. See the
/// module's "Extension point" for the publication-readiness token to come.
pub trait EarlyEndEvidence: Sealed + core::fmt::Debug {}

impl Sealed for PublicAwareness {}
impl EarlyEndEvidence for PublicAwareness {}

impl Sealed for AttacksObserved {}
impl EarlyEndEvidence for AttacksObserved {}

/// Proof that a case was ready to publish at a time: only
/// [`Readiness::token`](crate::case::Readiness::token) creates one (a typed API may
/// demand it before publishing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadyToPublish {
    case: CaseId,
    at: DateTime<Utc>,
}

impl ReadyToPublish {
    /// The proof for `case` at `at`; only the case's readiness check calls this.
    pub(crate) const fn new(case: CaseId, at: DateTime<Utc>) -> Self {
        Self { case, at }
    }
    /// The case it is about.
    #[must_use]
    pub const fn case(&self) -> &CaseId {
        &self.case
    }
    /// When readiness was established.
    #[must_use]
    pub const fn at(&self) -> DateTime<Utc> {
        self.at
    }
}
