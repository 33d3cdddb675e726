//! The send table of [reference §5](crate::reference), as data.

use serde::Serialize;

use super::MessageType;
use crate::cs::CsEvent;
use crate::em::{EmAction, EmState};
use crate::machine::Machine;
use crate::rm::{RmAction, RmState};
use crate::role::Role;
use crate::set::Set;

/// Which of an embargo action's uses a message announces: `propose` in `N`/`P` is
/// `EP`, in `A`/`R` it is `EV`; likewise `ER`/`EJ` and `EA`/`EC`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmPhase {
    /// Before an embargo is in force: `N`, `P`.
    Proposal,
    /// While one is in force: `A`, `R`.
    Revision,
}

impl EmPhase {
    /// The EM states of this phase.
    #[must_use]
    pub fn states(self) -> Set<EmState> {
        match self {
            Self::Proposal => Set::from_slice(&[EmState::None, EmState::Proposed]),
            Self::Revision => Set::from_slice(&[EmState::Active, EmState::Revise]),
        }
    }
}

/// The sender transition a message announces ("sender emits when").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Announces {
    /// An RM action of the sender; its source states come from the RM table.
    Rm(RmAction),
    /// An EM action in one phase; its source states are the EM table's sources of
    /// the action within the phase.
    Em(EmAction, EmPhase),
    /// A case-state event of the sender.
    Cs(CsEvent),
    /// No transition: the message is sent in answer to a received one.
    Reply,
    /// No transition (`RS`: the sender stays in `A`; `GI`: any time).
    Nothing,
}

/// What the sender's RM state must be, beyond what the announced transition needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SenderRm {
    /// Any state, closed included (`GI`, and the replies `RK`, `RE`, `GK`, `GE`).
    Any,
    /// Any state but `Closed`: a closed participant takes no part.
    NotClosed,
    /// Only these states.
    Only(&'static [RmState]),
}

impl SenderRm {
    /// The RM states this requirement allows.
    #[must_use]
    pub fn states(self) -> Set<RmState> {
        match self {
            Self::Any => Set::all(),
            Self::NotClosed => Set::all().without(RmState::Closed),
            Self::Only(states) => Set::from_slice(states),
        }
    }
}

/// What the sender's view of the case state must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseRequirement {
    /// Any case state.
    Any,
    /// `···pxa`: embargoes are negotiable (EMB-01/02).
    EmbargoViable,
}

/// The send precondition and sender effect of one message type ([reference §5](crate::reference)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct SendRule {
    /// The message type.
    pub message: MessageType,
    /// The sender transition it announces.
    pub announces: Announces,
    /// The sender's RM requirement beyond the announced transition.
    pub rm: SenderRm,
    /// The sender's case-state requirement.
    pub case: CaseRequirement,
    /// Roles that may send it announcing their own transition (any of them); empty
    /// means anyone.
    pub roles: &'static [Role],
    /// Who else may send it: a participant without any of [`roles`](Self::roles),
    /// in these RM states, reporting another participant's transition; its own
    /// state does not change. `CV` from the notifier ("sent by notifier or vendor",
    /// messages.md: "either by the Participant who sent the report to the Vendor or
    /// by the Vendor upon receipt of the report"), from `A`, where `RS` is sent.
    pub on_behalf: Option<&'static [RmState]>,
}

impl SendRule {
    /// The sender RM states allowed: the requirement, narrowed to the RM table's
    /// sources of the announced action.
    #[must_use]
    pub fn rm_states(&self) -> Set<RmState> {
        let base = self.rm.states();
        match self.announces {
            Announces::Rm(action) => base.intersection(crate::rm::Rm::sources(action)),
            _ => base,
        }
    }

    /// The sender EM states allowed (all, unless the message announces an EM action).
    #[must_use]
    pub fn em_states(&self) -> Set<EmState> {
        match self.announces {
            Announces::Em(action, phase) => {
                crate::em::Em::sources(action).intersection(phase.states())
            }
            _ => Set::all(),
        }
    }
}

const SENDERS_OF_FIX: &[Role] = &[Role::Vendor];
const SENDERS_OF_DEPLOYMENT: &[Role] = &[Role::Deployer];
const ACCEPTED: &[RmState] = &[RmState::Accepted];

const fn rule(
    message: MessageType,
    announces: Announces,
    rm: SenderRm,
    case: CaseRequirement,
    roles: &'static [Role],
) -> SendRule {
    SendRule {
        message,
        announces,
        rm,
        case,
        roles,
        on_behalf: None,
    }
}

impl MessageType {
    /// The send rule of this message type ([reference §5](crate::reference) "sender emits when").
    ///
    /// Decision 2: `RI` is sent only on `R → I`, as the RM table allows (the send
    /// table's `{R, V}` contradicts the machine). `CF` and `CD` need the sender in
    /// `Accepted` (vendors create fixes, deployers deploy, only in `A`: [reference §1](crate::reference));
    /// `CD` only from a deployer ([reference §6](crate::reference): vendors without deployment capability
    /// never reach `VFD`). `EA` needs `···pxa`, as the formal send table says; at `F`
    /// or `D` it is a SHOULD-level [`Caution`](super::Caution), not a refusal. `CV`
    /// may also come from the notifier ([`SendRule::on_behalf`]). The replies `RK`,
    /// `RE`, `GK`, `GE` may be sent from any RM state, `Closed` included (formal send
    /// tables `*,*,*`; RMB-07 "regardless of the state"); `EK`, `EE` need `¬C` (the
    /// EM send table); `CK`, `CE`, absent from the CS send table, follow `EK`, `EE`.
    /// The decisions table in `docs/DESIGN.md` quotes the sources for each.
    #[must_use]
    pub const fn send_rule(self) -> SendRule {
        use Announces as An;
        use CaseRequirement::{Any, EmbargoViable};
        use EmPhase::{Proposal, Revision};
        use SenderRm::NotClosed;
        match self {
            Self::RS => rule(self, An::Nothing, SenderRm::Only(ACCEPTED), Any, &[]),
            Self::RI => rule(self, An::Rm(RmAction::Invalidate), NotClosed, Any, &[]),
            Self::RV => rule(self, An::Rm(RmAction::Validate), NotClosed, Any, &[]),
            Self::RD => rule(self, An::Rm(RmAction::Defer), NotClosed, Any, &[]),
            Self::RA => rule(self, An::Rm(RmAction::Accept), NotClosed, Any, &[]),
            Self::RC => rule(self, An::Rm(RmAction::Close), NotClosed, Any, &[]),
            Self::EP => rule(
                self,
                An::Em(EmAction::Propose, Proposal),
                NotClosed,
                EmbargoViable,
                &[],
            ),
            Self::ER => rule(
                self,
                An::Em(EmAction::Reject, Proposal),
                NotClosed,
                Any,
                &[],
            ),
            Self::EA => rule(
                self,
                An::Em(EmAction::Accept, Proposal),
                NotClosed,
                EmbargoViable,
                &[],
            ),
            Self::EV => rule(
                self,
                An::Em(EmAction::Propose, Revision),
                NotClosed,
                EmbargoViable,
                &[],
            ),
            Self::EJ => rule(
                self,
                An::Em(EmAction::Reject, Revision),
                NotClosed,
                EmbargoViable,
                &[],
            ),
            Self::EC => rule(
                self,
                An::Em(EmAction::Accept, Revision),
                NotClosed,
                EmbargoViable,
                &[],
            ),
            Self::ET => rule(
                self,
                An::Em(EmAction::Terminate, Revision),
                NotClosed,
                Any,
                &[],
            ),
            Self::CV => SendRule {
                on_behalf: Some(ACCEPTED),
                ..rule(
                    self,
                    An::Cs(CsEvent::VendorAware),
                    NotClosed,
                    Any,
                    SENDERS_OF_FIX,
                )
            },
            Self::CF => rule(
                self,
                An::Cs(CsEvent::FixReady),
                SenderRm::Only(ACCEPTED),
                Any,
                SENDERS_OF_FIX,
            ),
            Self::CD => rule(
                self,
                An::Cs(CsEvent::FixDeployed),
                SenderRm::Only(ACCEPTED),
                Any,
                SENDERS_OF_DEPLOYMENT,
            ),
            Self::CP => rule(self, An::Cs(CsEvent::PublicAware), NotClosed, Any, &[]),
            Self::CX => rule(self, An::Cs(CsEvent::ExploitPublic), NotClosed, Any, &[]),
            Self::CA => rule(self, An::Cs(CsEvent::AttacksObserved), NotClosed, Any, &[]),
            Self::GI => rule(self, An::Nothing, SenderRm::Any, Any, &[]),
            Self::RK | Self::RE | Self::GK | Self::GE => {
                rule(self, An::Reply, SenderRm::Any, Any, &[])
            }
            Self::EK | Self::EE | Self::CK | Self::CE => rule(self, An::Reply, NotClosed, Any, &[]),
        }
    }
}
