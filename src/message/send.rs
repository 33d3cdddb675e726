//! "May this participant send this message now, and what is its next state?"

use thiserror::Error;

use super::MessageType;
use super::caution::{Caution, cautions};
use super::rules::{Announces, CaseRequirement};
use crate::cs::{CaseState, CsError, CsEvent};
use crate::em::EmState;
use crate::protocol::{ProtocolOptions, ProtocolState, StateInvariantError};
use crate::rm::RmState;
use crate::role::RoleSet;
use crate::set::Set;

/// A send the protocol allows: the sender's next state and the messages to emit, in
/// order (usually just the one; `CX` from a participant unaware of publication emits
/// `CX` then `CP`, because a public exploit makes the public aware; a `CP`, `CX` or
/// `CA` that ends the sender's embargo also emits the EM message announcing it, see
/// [`send`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    /// The sender's state after sending.
    pub state: ProtocolState,
    /// The messages to emit, in order.
    pub messages: &'static [MessageType],
    /// Case-state events the sender recorded.
    pub recorded: Set<CsEvent>,
    /// SHOULD-level rules the send breaks in the sender's view (allowed, but to be
    /// warned about).
    pub cautions: Set<Caution>,
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
    }
}

/// Checks that a participant in `state` holding `roles` may send `message` now, and
/// returns its next state and what to emit.
///
/// A CS message that ends the sender's embargo ([reference §2](crate::reference): `P` and `X` end it,
/// `A` too unless [`ProtocolOptions::attacks_end_embargo`] is off) also emits the EM
/// message of that transition, from the same sender in the same step (transitions.md,
/// CS send table: "when a CS message induces a `q^em` state change, the
/// corresponding RM or EM message should be sent"): `ET` for `A/R → X`, after the CS
/// messages (`[CX, CP, ET]`, `[CA, ET]`), so a receiver already in `X` acknowledges
/// it ("ET in X → EK"); `ER` for `P → N`, before them (`[ER, CP]`), so a receiver
/// meets it while the proposal is still pending (an `ER` in `N` is unexpected).
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
        let Some(behalf) = rule.on_behalf else {
            return Err(SendError::Role {
                message,
                roles,
                required: RoleSet::of(rule.roles),
            });
        };
        // Reporting another participant's transition (`CV` from the notifier): the
        // sender's own state does not change.
        let allowed = Set::from_slice(behalf);
        if !allowed.contains(state.rm()) {
            return Err(SendError::Report {
                message,
                state: state.rm(),
                allowed,
            });
        }
        return Ok(sent(state, single(message)));
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
            Ok(Sent {
                cautions: cautions(message, state.cs()),
                ..sent(next, single)
            })
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
                messages: announcements(message, recorded.events, teardown(state.em(), em)),
                recorded: recorded.events,
                cautions: Set::EMPTY,
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
        cautions: Set::EMPTY,
    }
}

/// The EM message announcing an embargo a CS send ended: `ER` for `P → N`, `ET` for
/// `A/R → X`, nothing if the EM state did not change.
fn teardown(before: EmState, after: EmState) -> Option<MessageType> {
    match (before, after) {
        (EmState::Proposed, EmState::None) => Some(MessageType::ER),
        (EmState::Active | EmState::Revise, EmState::Exited) => Some(MessageType::ET),
        _ => None,
    }
}

/// The messages announcing a CS send, including events a forcing rule added and the
/// embargo it ended: every recorded event is announced ([reference §6](crate::reference): a message for
/// every CS transition), so a vendor made aware on the way (`v··P··` only takes `V`)
/// also emits `CV`; `ER` comes first and `ET` last (see [`send`]).
fn announcements(
    message: MessageType,
    events: Set<CsEvent>,
    ended: Option<MessageType>,
) -> &'static [MessageType] {
    use MessageType::{CA, CF, CP, CV, CX, ER, ET};
    let public_forced = message == CX && events.contains(CsEvent::PublicAware);
    let vendor_forced = message != CV && events.contains(CsEvent::VendorAware);
    match (message, public_forced, vendor_forced, ended) {
        (CX, true, true, None) => &[CX, CP, CV],
        (CX, true, true, Some(ER)) => &[ER, CX, CP, CV],
        (CX, true, true, Some(_)) => &[CX, CP, CV, ET],
        (CX, true, false, None) => &[CX, CP],
        (CX, true, false, Some(ER)) => &[ER, CX, CP],
        (CX, true, false, Some(_)) => &[CX, CP, ET],
        (CX, false, true, None) => &[CX, CV],
        (CX, false, true, Some(ER)) => &[ER, CX, CV],
        (CX, false, true, Some(_)) => &[CX, CV, ET],
        (CP, _, true, None) => &[CP, CV],
        (CP, _, true, Some(ER)) => &[ER, CP, CV],
        (CP, _, true, Some(_)) => &[CP, CV, ET],
        (CA, _, true, None) => &[CA, CV],
        (CA, _, true, Some(ER)) => &[ER, CA, CV],
        (CA, _, true, Some(_)) => &[CA, CV, ET],
        (CF, _, true, _) => &[CF, CV],
        (CX, false, false, Some(ER)) => &[ER, CX],
        (CX, false, false, Some(_)) => &[CX, ET],
        (CP, _, false, Some(ER)) => &[ER, CP],
        (CP, _, false, Some(_)) => &[CP, ET],
        (CA, _, false, Some(ER)) => &[ER, CA],
        (CA, _, false, Some(_)) => &[CA, ET],
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
