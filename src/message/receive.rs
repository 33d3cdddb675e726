//! "What happens to a participant that receives this message?" ([reference §5](crate::reference),
//! receiver transitions in `formal_protocol/transitions.md`).

use serde::Serialize;

use super::rules::Announces;
use super::{MessageModel, MessageType};
use crate::cs::CsEvent;
use crate::em::EmState;
use crate::protocol::{CsScope, ProtocolOptions, ProtocolState};
use crate::rm::{RmAction, RmState};
use crate::role::RoleSet;

/// What the receipt of a message did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The receiver's state changed.
    Applied,
    /// Valid and acknowledged; no state change.
    Unchanged,
    /// Nothing happens and nothing is sent: the receiver is closed, or the message
    /// is itself an acknowledgement.
    Ignored,
    /// The message was unexpected in the receiver's state; an error reply is due.
    Unexpected,
    /// An embargo message arrived once the case is no longer `···pxa`: the embargo
    /// is refused or torn down, and `ER` or `ET` is the reply.
    EmbargoRefused,
}

/// The receiver's next state and the replies the protocol requires, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reception {
    /// The receiver's state after receipt.
    pub state: ProtocolState,
    /// What happened.
    pub outcome: Outcome,
    /// The replies due, in order (e.g. `RK` then `CV` from a vendor made aware).
    pub replies: &'static [MessageType],
}

/// Applies the receipt of `message` to a participant in `state` holding `roles`.
///
/// Total: every message in every state has a defined effect, possibly an error reply.
/// Decisions from the reference: receiving `CA` sets `A` only (decision 3); an
/// unaware vendor told that the public knows (`CP`, or `CX` implying it) becomes
/// aware in the same step and announces it with `CV` (§3 rule "`v··P··` only takes
/// `V`").
///
/// # Example
/// ```
/// use mpcvd::message::{receive, MessageType, Outcome};
/// use mpcvd::protocol::{ProtocolOptions, ProtocolState};
/// use mpcvd::role::{Role, RoleSet};
/// let vendor = RoleSet::of(&[Role::Vendor]);
/// let r = receive(MessageType::RS, ProtocolState::START, vendor, ProtocolOptions::default());
/// assert_eq!(r.outcome, Outcome::Applied);
/// assert_eq!(r.state.to_string(), "(R, N, Vfdpxa)");
/// assert_eq!(r.replies, &[MessageType::RK, MessageType::CV]);
/// ```
#[must_use]
pub fn receive(
    message: MessageType,
    state: ProtocolState,
    roles: RoleSet,
    options: ProtocolOptions,
) -> Reception {
    if state.rm() == RmState::Closed {
        return reception(state, Outcome::Ignored, &[]);
    }
    match message.model() {
        MessageModel::Report => receive_report(message, state, roles.scope()),
        MessageModel::Embargo => receive_embargo(message, state),
        MessageModel::CaseState => receive_case(message, state, roles.scope(), options),
        MessageModel::General => receive_general(message, state),
    }
}

/// Whether receiving `message` leaves every receiver as it was and is never
/// unexpected, whatever the receiver's state, roles and options: the
/// acknowledgements and error replies, the general messages, and the case-state
/// messages that describe their sender (`CV`, `CF`, `CD`). Only the replies such a
/// receipt makes depend on the receiver, so the case engine skips it where no
/// reply is made (a local announcement). `tests/messages.rs` checks the list
/// against [`receive`] in every state.
///
/// ```
/// use mpcvd::message::{MessageType, receipt_is_inert};
/// assert!(receipt_is_inert(MessageType::GI));
/// assert!(!receipt_is_inert(MessageType::RV)); // unexpected before the report
/// ```
#[must_use]
pub const fn receipt_is_inert(message: MessageType) -> bool {
    use MessageType as M;
    matches!(
        message,
        M::RK
            | M::RE
            | M::EK
            | M::EE
            | M::CV
            | M::CF
            | M::CD
            | M::CK
            | M::CE
            | M::GI
            | M::GK
            | M::GE
    )
}

fn reception(state: ProtocolState, outcome: Outcome, replies: &'static [MessageType]) -> Reception {
    Reception {
        state,
        outcome,
        replies,
    }
}

/// Changed or unchanged, depending on whether the state moved.
fn moved(
    before: ProtocolState,
    after: ProtocolState,
    replies: &'static [MessageType],
) -> Reception {
    let outcome = if before == after {
        Outcome::Unchanged
    } else {
        Outcome::Applied
    };
    reception(after, outcome, replies)
}

fn receive_report(message: MessageType, state: ProtocolState, scope: CsScope) -> Reception {
    use MessageType::{CV, GI, RE, RK, RS};
    match message {
        RS => {
            let rm = state.rm().apply(RmAction::Receive).unwrap_or(state.rm());
            let mut next = state.with_rm(rm);
            let mut replies: &'static [MessageType] = &[RK];
            if scope.is_vendor()
                && let Some(cs) = next.cs().next(CsEvent::VendorAware)
            {
                next = next.with_cs_unchecked(cs);
                replies = &[RK, CV];
            }
            moved(state, next, replies)
        }
        RK => reception(state, Outcome::Ignored, &[]),
        RE => reception(state, Outcome::Unchanged, &[RK, GI]),
        _ if state.rm() == RmState::Start => reception(state, Outcome::Unexpected, &[RE, GI]),
        _ => reception(state, Outcome::Unchanged, &[RK]),
    }
}

fn receive_embargo(message: MessageType, state: ProtocolState) -> Reception {
    use MessageType::{EE, EK, ER, ET, GI};
    let em = state.em();
    let (action, phase) = match message.send_rule().announces {
        Announces::Em(action, phase) => (action, phase),
        _ => {
            return match message {
                EE => reception(state, Outcome::Unchanged, &[EK, GI]),
                _ => reception(state, Outcome::Ignored, &[]),
            };
        }
    };
    if message == ET && em == EmState::Exited {
        return reception(state, Outcome::Unchanged, &[EK]);
    }
    // A message the EM table has no row for in this state is unexpected, viable or
    // not: the receive table's catch-all "any EM msg. not addressed above → EE"
    // (so `EJ`/`EC` in `A` get `EE`; only `EV` in `A`, and `EV`/`EJ`/`EC` in `R`,
    // end a non-viable embargo).
    let next_em = match em.apply(action) {
        Ok(next) if phase.states().contains(em) => next,
        _ => return reception(state, Outcome::Unexpected, &[EE]),
    };
    let viable = state.cs().is_embargo_viable();
    // ER and ET may arrive in any case state; the others only while `···pxa`.
    if viable || matches!(message, ER | ET) {
        return moved(state, state.with_em(next_em), &[EK]);
    }
    // Not viable: refuse a proposal (`P → N`, reply ER) or end the embargo
    // (`A/R → X`, reply ET: "EV/EJ/EC in {A,R} → t to X"); a proposal in `N`
    // changes nothing but is refused.
    let torn = em.torn_down();
    let reply: &'static [MessageType] = if em.is_in_force() { &[ET] } else { &[ER] };
    reception(state.with_em(torn), Outcome::EmbargoRefused, reply)
}

fn receive_case(
    message: MessageType,
    state: ProtocolState,
    scope: CsScope,
    options: ProtocolOptions,
) -> Reception {
    use MessageType::{CA, CE, CK, CP, CV, CX, GI};
    let event = match message {
        CP => CsEvent::PublicAware,
        CX => CsEvent::ExploitPublic,
        CA => CsEvent::AttacksObserved,
        CE => return reception(state, Outcome::Unchanged, &[CK, GI]),
        CK => return reception(state, Outcome::Ignored, &[]),
        // CV, CF, CD describe the sender; the receiver's own state does not change.
        _ => return reception(state, Outcome::Unchanged, &[CK]),
    };
    let recorded = match scope.record(state.cs(), event) {
        Ok(recorded) => recorded,
        Err(_) => return reception(state, Outcome::Unexpected, &[CE]),
    };
    let ends_embargo = recorded.events.iter().any(|e| options.ends_embargo(e));
    let em = if ends_embargo {
        state.em().torn_down()
    } else {
        state.em()
    };
    let next = match ProtocolState::new(state.rm(), em, recorded.state) {
        Ok(next) => next,
        Err(_) => return reception(state, Outcome::Unexpected, &[CE]),
    };
    let replies: &'static [MessageType] = if recorded.events.contains(CsEvent::VendorAware) {
        &[CK, CV]
    } else {
        &[CK]
    };
    moved(state, next, replies)
}

fn receive_general(message: MessageType, state: ProtocolState) -> Reception {
    use MessageType::{GE, GI, GK};
    match message {
        GI => reception(state, Outcome::Unchanged, &[GK]),
        GE => reception(state, Outcome::Unchanged, &[GI]),
        _ => reception(state, Outcome::Ignored, &[]),
    }
}
