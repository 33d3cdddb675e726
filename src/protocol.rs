//! One participant's protocol state `q = (q^rm, q^em, q^cs)` ([reference §6](crate::reference)), and how
//! case-state events are recorded in it.

use core::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::cs::{CaseState, CsError, CsEvent, CsRule, Vfd};
use crate::em::EmState;
use crate::rm::RmState;
use crate::set::Set;

/// Which case-state letters a participant owns ([reference §6](crate::reference) role start states:
/// vendors `vfdpxa`, deployers `dpxa`, everyone else `pxa`).
///
/// Only deployers own `D`: "Vendors without deployment capability never reach
/// `VFD`" ([reference §6](crate::reference)), and Vultron lets only deployers report a deployment. A
/// vendor's fix status therefore tops out at `VF` unless it also holds the deployer
/// role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsScope {
    /// A vendor that does not deploy: `V` and `F` are its own (its `vfd` stops at
    /// `VFd`), and every rule of §3 applies.
    Vendor,
    /// A vendor that also deploys (vendor and deployer roles): `V`, `F`, `D`.
    DeployingVendor,
    /// A deployer that is not a vendor: only `D` is its own. Deploying records the
    /// whole fix path (`vfd → VFD`): a deployed fix was ready, and its vendor aware.
    Deployer,
    /// Anyone else: only the case-wide `P`, `X`, `A`.
    Observer,
}

impl CsScope {
    /// Whether `event` is one this scope records for itself.
    #[must_use]
    pub const fn owns(self, event: CsEvent) -> bool {
        match event {
            CsEvent::VendorAware | CsEvent::FixReady => self.is_vendor(),
            CsEvent::FixDeployed => matches!(self, Self::DeployingVendor | Self::Deployer),
            CsEvent::PublicAware | CsEvent::ExploitPublic | CsEvent::AttacksObserved => true,
        }
    }

    /// Whether the participant is a vendor (deploying or not): its `V` and `F` are
    /// its own, and it becomes aware when it receives the report.
    #[must_use]
    pub const fn is_vendor(self) -> bool {
        matches!(self, Self::Vendor | Self::DeployingVendor)
    }

    /// The fix statuses (`vfd`) this scope can hold.
    #[must_use]
    pub fn fix_statuses(self) -> Set<Vfd> {
        match self {
            Self::DeployingVendor => Set::all(),
            Self::Vendor => Set::all().without(Vfd::FixDeployed),
            Self::Deployer => Set::from_slice(&[Vfd::Unaware, Vfd::FixDeployed]),
            Self::Observer => Set::from_slice(&[Vfd::Unaware]),
        }
    }

    /// The events this scope records for itself.
    #[must_use]
    pub fn owned(self) -> Set<CsEvent> {
        CsEvent::ALL.into_iter().filter(|&e| self.owns(e)).collect()
    }

    /// Records `event` in `cs`, then every event a forcing rule makes immediate
    /// (`···pX·` → `P`; for a vendor, `v··P··` → `V`). Returns the new state and the
    /// events recorded, in order; an event that already happened records nothing.
    ///
    /// Outside the vendor scope the `vfd` letters are not the participant's, so the
    /// rule "`v··P··` only takes `V`" does not apply there.
    ///
    /// # Errors
    /// [`CsError`] when the scope does not own `event` or the fix path refuses it.
    pub fn record(self, cs: CaseState, event: CsEvent) -> Result<Recorded, CsError> {
        let mut recorded = Recorded {
            state: cs,
            events: Set::EMPTY,
            order: [None; 3],
        };
        if cs.has(event) {
            return Ok(recorded);
        }
        // Settle first, so that a pending forced event cannot block this one.
        recorded.settle(self)?;
        if !recorded.state.has(event) {
            let next = self.step(recorded.state, event)?;
            recorded.push(next, event);
        }
        recorded.settle(self)?;
        Ok(recorded)
    }

    fn step(self, cs: CaseState, event: CsEvent) -> Result<CaseState, CsError> {
        match self {
            Self::Vendor | Self::DeployingVendor if self.owns(event) => cs.apply(event),
            Self::Vendor | Self::DeployingVendor => Err(CsError {
                from: cs,
                event,
                rule: CsRule::NotOwned(event),
                allowed: cs.allowed_events().intersection(self.owned()),
            }),
            Self::Deployer if event == CsEvent::FixDeployed && !cs.has(event) => {
                Ok(CaseState::new(Vfd::FixDeployed, cs.pxa()))
            }
            Self::Deployer | Self::Observer if !self.owns(event) => Err(CsError {
                from: cs,
                event,
                rule: CsRule::NotOwned(event),
                allowed: cs.allowed_events().intersection(self.owned()),
            }),
            Self::Deployer | Self::Observer => {
                // Judge the public event as if the vendor letters were all set, so the
                // vendor-only forcing rule cannot fire; keep this participant's vfd.
                let as_vendor = CaseState::new(Vfd::FixDeployed, cs.pxa());
                as_vendor
                    .apply(event)
                    .map(|next| CaseState::new(cs.vfd(), next.pxa()))
                    .map_err(|e| CsError { from: cs, ..e })
            }
        }
    }
}

/// What [`CsScope::record`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// The state after recording.
    pub state: CaseState,
    /// The events newly recorded.
    pub events: Set<CsEvent>,
    order: [Option<CsEvent>; 3],
}

impl Recorded {
    /// The events newly recorded, in the order they happened.
    pub fn in_order(&self) -> impl Iterator<Item = CsEvent> + '_ {
        self.order.iter().flatten().copied()
    }

    fn push(&mut self, state: CaseState, event: CsEvent) {
        self.state = state;
        self.events.insert(event);
        if let Some(slot) = self.order.iter_mut().find(|slot| slot.is_none()) {
            *slot = Some(event);
        }
    }

    fn settle(&mut self, scope: CsScope) -> Result<(), CsError> {
        while let Some(forced) = self.state.forced_event() {
            if !scope.owns(forced) {
                break;
            }
            let next = scope.step(self.state, forced)?;
            self.push(next, forced);
        }
        Ok(())
    }
}

/// One participant's protocol state: its report management state, its view of the
/// embargo, and its view of the case state.
///
/// Always consistent (checked on construction and deserialisation):
/// - an embargo in force (`A`, `R`) only while the case is `···px·` ([reference §6](crate::reference),
///   `cross_machine_invariants.py`; attacks end an embargo too unless
///   [`ProtocolOptions::attacks_end_embargo`] is off, which the case checks);
/// - a fix (`F`) only in `A`, `D` or `C` (vendors create fixes only in `A`);
/// - never the ephemeral `···pX·` (a public exploit makes the public aware at once).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "RawProtocolState")]
pub struct ProtocolState {
    rm: RmState,
    em: EmState,
    cs: CaseState,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProtocolState {
    rm: RmState,
    em: EmState,
    cs: CaseState,
}

impl TryFrom<RawProtocolState> for ProtocolState {
    type Error = StateInvariantError;
    fn try_from(raw: RawProtocolState) -> Result<Self, Self::Error> {
        Self::new(raw.rm, raw.em, raw.cs)
    }
}

/// A combination of RM, EM and CS states that cannot occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[non_exhaustive]
pub enum StateInvariantError {
    /// An embargo is in force although the public is aware or an exploit is public.
    #[error(
        "embargo `{em}` is in force while the case is `{cs}`: public awareness and a public exploit each end an embargo"
    )]
    EmbargoAfterDisclosure {
        /// The EM state.
        em: EmState,
        /// The case state.
        cs: CaseState,
    },
    /// A fix exists while the report is not accepted, deferred or closed.
    #[error("fix status `{vfd}` needs the report accepted, deferred or closed, but it is `{rm}`")]
    FixWithoutAcceptance {
        /// The RM state.
        rm: RmState,
        /// The fix status.
        vfd: Vfd,
    },
    /// `···pX·` persists; a public exploit makes the public aware in the same step.
    #[error("`{cs}` cannot persist: a public exploit makes the public aware at once")]
    ExploitWithoutPublic {
        /// The case state.
        cs: CaseState,
    },
}

impl ProtocolState {
    /// Reads and checks a state from JSON (`{"rm": …, "em": …, "cs": …}`).
    ///
    /// # Errors
    /// [`DecodeError`](crate::decode::DecodeError) naming the field path (`cs`)
    /// and what is wrong; an impossible combination is reported at the document.
    pub fn from_json(text: &str) -> Result<Self, crate::decode::DecodeError> {
        crate::decode::json("protocol state", text)
    }

    /// `(S, N, vfdpxa)`: the start state of every participant but finders/reporters.
    pub const START: Self = Self {
        rm: RmState::Start,
        em: EmState::None,
        cs: CaseState::INITIAL,
    };

    /// A checked state.
    ///
    /// # Errors
    /// [`StateInvariantError`] naming the broken rule.
    pub fn new(rm: RmState, em: EmState, cs: CaseState) -> Result<Self, StateInvariantError> {
        let state = Self { rm, em, cs };
        state.check().map(|()| state)
    }

    fn check(self) -> Result<(), StateInvariantError> {
        let (rm, em, cs) = (self.rm, self.em, self.cs);
        if em.is_in_force() && (cs.has(CsEvent::PublicAware) || cs.has(CsEvent::ExploitPublic)) {
            return Err(StateInvariantError::EmbargoAfterDisclosure { em, cs });
        }
        if cs.has(CsEvent::FixReady)
            && !matches!(rm, RmState::Accepted | RmState::Deferred | RmState::Closed)
        {
            return Err(StateInvariantError::FixWithoutAcceptance { rm, vfd: cs.vfd() });
        }
        if cs.has(CsEvent::ExploitPublic) && !cs.has(CsEvent::PublicAware) {
            return Err(StateInvariantError::ExploitWithoutPublic { cs });
        }
        Ok(())
    }

    /// Report management state.
    #[must_use]
    pub const fn rm(self) -> RmState {
        self.rm
    }
    /// Embargo management state (this participant's view).
    #[must_use]
    pub const fn em(self) -> EmState {
        self.em
    }
    /// Case state (this participant's view).
    #[must_use]
    pub const fn cs(self) -> CaseState {
        self.cs
    }

    /// The same state with another RM state, if consistent.
    ///
    /// # Errors
    /// [`StateInvariantError`] naming the broken rule.
    pub fn try_with_rm(self, rm: RmState) -> Result<Self, StateInvariantError> {
        Self::new(rm, self.em, self.cs)
    }

    /// The same state with another EM state, if consistent.
    ///
    /// # Errors
    /// [`StateInvariantError`] naming the broken rule.
    pub fn try_with_em(self, em: EmState) -> Result<Self, StateInvariantError> {
        Self::new(self.rm, em, self.cs)
    }

    /// The same state with another case state, if consistent.
    ///
    /// # Errors
    /// [`StateInvariantError`] naming the broken rule.
    pub fn try_with_cs(self, cs: CaseState) -> Result<Self, StateInvariantError> {
        Self::new(self.rm, self.em, cs)
    }

    /// Assembles a state the caller knows to be consistent (the case does, from its
    /// own validated parts); not checked.
    pub(crate) const fn assemble(rm: RmState, em: EmState, cs: CaseState) -> Self {
        Self { rm, em, cs }
    }

    pub(crate) const fn with_rm(self, rm: RmState) -> Self {
        Self { rm, ..self }
    }
    pub(crate) const fn with_em(self, em: EmState) -> Self {
        Self { em, ..self }
    }
    pub(crate) const fn with_cs_unchecked(self, cs: CaseState) -> Self {
        Self { cs, ..self }
    }
}

impl fmt::Display for ProtocolState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "({}, {}, {})",
            self.rm.symbol(),
            self.em.symbol(),
            self.cs
        )
    }
}

impl fmt::Debug for ProtocolState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProtocolState{self}")
    }
}

/// Knobs the reference leaves open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtocolOptions {
    /// Whether observed attacks end an embargo in the same step (`true`, the "MUST"
    /// reading) or leave ending it to the participants (`false`, the "SHOULD"
    /// reading of [reference §2](crate::reference): "A: existing SHOULD terminate").
    pub attacks_end_embargo: bool,
}

impl Default for ProtocolOptions {
    fn default() -> Self {
        Self {
            attacks_end_embargo: true,
        }
    }
}

impl ProtocolOptions {
    /// Whether `event` tears an embargo down under these options.
    #[must_use]
    pub const fn ends_embargo(self, event: CsEvent) -> bool {
        match event {
            CsEvent::PublicAware | CsEvent::ExploitPublic => true,
            CsEvent::AttacksObserved => self.attacks_end_embargo,
            CsEvent::VendorAware | CsEvent::FixReady | CsEvent::FixDeployed => false,
        }
    }
}
