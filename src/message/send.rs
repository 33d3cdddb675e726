//! "May this participant send this message now, and what is its next state?"

use thiserror::Error;

use super::MessageType;
use super::rules::{Announces, CaseRequirement};
use crate::cs::{CaseState, CsError, CsEvent};
use crate::em::EmState;
use crate::protocol::{ProtocolOptions, ProtocolState, StateInvariantError};
use crate::rm::RmState;
use crate::role::RoleSet;
use crate::set::Set;

/// A send the protocol allows: the sender's next state and the messages to emit, in
/// order (usually just the one; `CX` from a participant unaware of publication emits
/// `CX` then `CP`, because a public exploit makes the public aware).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// The sender's state after sending.
    pub state: ProtocolState,
    /// The messages to emit, in order.
    pub messages: &'static [MessageType],
    /// Case-state events the sender recorded.
    pub recorded: Set<CsEvent>,
}

/// Why a participant may not send a message now. The sender's state is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SendError {
    /// The sender lacks the role.
    #[error(
        "`{message}` may only be sent by a participant with one of the roles {required}; the sender is {roles}"
    )]
    Role {
        /// The message.
        message: MessageType,
        /// The sender's roles.
        roles: RoleSet,
        /// Roles any one of which would do.
        required: RoleSet,
    },
    /// The sender's report is in the wrong state.
    #[error(
        "`{message}` needs the sender's report in one of {allowed}, but it is `{state}` (kept)"
    )]
    Report {
        /// The message.
        message: MessageType,
        /// The sender's RM state.
        state: RmState,
        /// RM states that would do.
        allowed: Set<RmState>,
    },
    /// The embargo is in the wrong state.
    #[error("`{message}` needs the embargo in one of {allowed}, but it is `{state}` (kept)")]
    Embargo {
        /// The message.
        message: MessageType,
        /// The sender's EM state.
        state: EmState,
        /// EM states that would do.
        allowed: Set<EmState>,
    },
    /// The case state forbids it (e.g. an embargo proposal once the public knows).
    #[error("`{message}` needs the case to be {}, but it is `{state}` (kept)", requirement_text(*.requirement))]
    Case {
        /// The message.
        message: MessageType,
        /// The sender's case state.
        state: CaseState,
        /// The requirement not met.
        requirement: CaseRequirement,
    },
    /// The case-state event the message announces is refused.
    #[error("`{message}`: {source}")]
    Event {
        /// The message.
        message: MessageType,
        /// The case-state refusal.
        source: CsError,
    },
    /// The resulting state would break a cross-model invariant.
    #[error("`{message}` would lead to an impossible state: {source}")]
    Invariant {
        /// The message.
        message: MessageType,
        /// The invariant broken.
        source: StateInvariantError,
    },
}

fn requirement_text(requirement: CaseRequirement) -> &'static str {
    match requirement {
        CaseRequirement::Any => "anything",
        CaseRequirement::EmbargoViable => "`···pxa` (nothing public, no attacks)",
        CaseRequirement::EmbargoStartable => {
            "`··dpxa` (no fix deployed, nothing public, no attacks)"
        }
    }
}

/// Checks that a participant in `state` holding `roles` may send `message` now, and
/// returns its next state and what to emit.
///
/// # Errors
/// [`SendError`] naming the broken precondition; the state is not changed.
///
/// # Example
/// ```
/// use mpcvd::message::{send, MessageType};
/// use mpcvd::protocol::ProtocolOptions;
/// use mpcvd::role::{Role, RoleSet};
/// let reporter = RoleSet::of(&[Role::Finder, Role::Reporter]);
/// let start = reporter.start_state();
/// let sent = send(MessageType::EP, start, reporter, ProtocolOptions::default())?;
/// assert_eq!(sent.state.em(), mpcvd::em::EmState::Proposed);
/// assert!(send(MessageType::CF, start, reporter, ProtocolOptions::default()).is_err());
/// # Ok::<(), mpcvd::message::SendError>(())
/// ```
pub fn send(
    message: MessageType,
    state: ProtocolState,
    roles: RoleSet,
    options: ProtocolOptions,
) -> Result<Sent, SendError> {
    let rule = message.send_rule();
    if !rule.roles.is_empty() && !roles.contains_any(rule.roles) {
        return Err(SendError::Role {
            message,
            roles,
            required: RoleSet::of(rule.roles),
        });
    }
    let rm_allowed = rule.rm_states();
    if !rm_allowed.contains(state.rm()) {
        return Err(SendError::Report {
            message,
            state: state.rm(),
            allowed: rm_allowed,
        });
    }
    let em_allowed = rule.em_states();
    if !em_allowed.contains(state.em()) {
        return Err(SendError::Embargo {
            message,
            state: state.em(),
            allowed: em_allowed,
        });
    }
    let case_ok = match rule.case {
        CaseRequirement::Any => true,
        CaseRequirement::EmbargoViable => state.cs().is_embargo_viable(),
        CaseRequirement::EmbargoStartable => state.cs().can_start_embargo(),
    };
    if !case_ok {
        return Err(SendError::Case {
            message,
            state: state.cs(),
            requirement: rule.case,
        });
    }
    let invariant = |source| SendError::Invariant { message, source };
    let single = single(message);
    match rule.announces {
        Announces::Rm(action) => {
            // The source check above used the RM table, so `next` cannot miss.
            let rm = crate::rm::RmState::apply(state.rm(), action).unwrap_or(state.rm());
            let next = state.try_with_rm(rm).map_err(invariant)?;
            Ok(sent(next, single))
        }
        Announces::Em(action, _) => {
            let em = state.em().apply(action).unwrap_or(state.em());
            let next = state.try_with_em(em).map_err(invariant)?;
            Ok(sent(next, single))
        }
        Announces::Cs(event) => {
            if state.cs().has(event) {
                let source = CsError {
                    from: state.cs(),
                    event,
                    rule: crate::cs::CsRule::AlreadyHappened(event),
                    allowed: state.cs().allowed_events(),
                };
                return Err(SendError::Event { message, source });
            }
            let recorded = roles
                .scope()
                .record(state.cs(), event)
                .map_err(|source| SendError::Event { message, source })?;
            let ends_embargo = recorded.events.iter().any(|e| options.ends_embargo(e));
            let em = if ends_embargo {
                state.em().torn_down()
            } else {
                state.em()
            };
            let next = ProtocolState::new(state.rm(), em, recorded.state).map_err(invariant)?;
            Ok(Sent {
                state: next,
                messages: announcements(message, recorded.events),
                recorded: recorded.events,
            })
        }
        Announces::Reply | Announces::Nothing => Ok(sent(state, single)),
    }
}

fn sent(state: ProtocolState, messages: &'static [MessageType]) -> Sent {
    Sent {
        state,
        messages,
        recorded: Set::EMPTY,
    }
}

/// The messages announcing a CS send, including events a forcing rule added: every
/// recorded event is announced (reference §6: a message for every CS transition),
/// so a vendor made aware on the way (`v··P··` only takes `V`) also emits `CV`.
fn announcements(message: MessageType, events: Set<CsEvent>) -> &'static [MessageType] {
    use MessageType::{CA, CF, CP, CV, CX};
    let public_forced = message == CX && events.contains(CsEvent::PublicAware);
    let vendor_forced = message != CV && events.contains(CsEvent::VendorAware);
    match (message, public_forced, vendor_forced) {
        (CX, true, true) => &[CX, CP, CV],
        (CX, true, false) => &[CX, CP],
        (CP, _, true) => &[CP, CV],
        (CX, false, true) => &[CX, CV],
        (CA, _, true) => &[CA, CV],
        (CF, _, true) => &[CF, CV],
        _ => single(message),
    }
}

/// A one-element list holding `message`.
pub(crate) const fn single(message: MessageType) -> &'static [MessageType] {
    use MessageType as M;
    match message {
        M::RS => &[M::RS],
        M::RI => &[M::RI],
        M::RV => &[M::RV],
        M::RD => &[M::RD],
        M::RA => &[M::RA],
        M::RC => &[M::RC],
        M::RK => &[M::RK],
        M::RE => &[M::RE],
        M::EP => &[M::EP],
        M::ER => &[M::ER],
        M::EA => &[M::EA],
        M::EV => &[M::EV],
        M::EJ => &[M::EJ],
        M::EC => &[M::EC],
        M::ET => &[M::ET],
        M::EK => &[M::EK],
        M::EE => &[M::EE],
        M::CV => &[M::CV],
        M::CF => &[M::CF],
        M::CD => &[M::CD],
        M::CP => &[M::CP],
        M::CX => &[M::CX],
        M::CA => &[M::CA],
        M::CK => &[M::CK],
        M::CE => &[M::CE],
        M::GI => &[M::GI],
        M::GK => &[M::GK],
        M::GE => &[M::GE],
    }
}
