//! One participant's local steps, tabulated once per exploration.
//!
//! The explorer never calls the step functions inside its search loop: before the
//! search it closes each participant's local state set under every send the
//! participant could make and every receipt of every message type that can travel,
//! and stores the results in dense tables. The Promela export writes the same tables
//! out, so the native search and SPIN run on one transition relation.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::message::{MessageKind, MessageType};
use crate::protocol::ProtocolState;
use crate::rm::RmState;
use crate::role::RoleSet;
use crate::set::Set;

use super::{ExploreConfig, ExploreError, StepFunctions};

/// How many message types there are (the table stride).
pub(crate) const MESSAGE_TYPES: usize = 28;

/// A participant's local state: its protocol state, and whether it has sent its
/// report (`RS` is sent at most once per participant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Local {
    pub(crate) state: ProtocolState,
    pub(crate) reported: bool,
    /// The terms on the table are this participant's own proposal (`EP`, `EV`).
    pub(crate) proposed: bool,
}

/// Up to four messages, in order (a send of `CX` may emit `ER`, `CX`, `CP`, `CV`
/// or `CX`, `CP`, `CV`, `ET`; a receipt at most two replies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Emits {
    len: u8,
    items: [u8; 4],
}

impl Emits {
    fn push(&mut self, message: MessageType) {
        if let Some(slot) = self.items.get_mut(usize::from(self.len)) {
            *slot = message as u8;
            self.len = self.len.saturating_add(1);
        }
    }

    /// How many messages.
    pub(crate) const fn len(self) -> usize {
        self.len as usize
    }

    /// The messages, in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = MessageType> {
        self.items
            .into_iter()
            .take(self.len())
            .filter_map(MessageType::from_repr)
    }
}

/// A statement a participant may send from a local state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SendMove {
    pub(crate) message: MessageType,
    pub(crate) next: u16,
    /// What goes on every outgoing channel.
    pub(crate) emits: Emits,
    /// `CP` or `CX`: subject to the "every vendor reached" guard.
    pub(crate) publishes: bool,
    /// `CP` or `CX` while the sender's own view holds an embargo in force.
    pub(crate) under_embargo: bool,
    /// The sender was closed and its state changed.
    pub(crate) reopens: bool,
}

/// What the receipt of one message type does in one local state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReceiveMove {
    pub(crate) next: u16,
    /// Replies to the sender of the message received.
    pub(crate) replies: Emits,
    /// The receiver was closed and its state changed.
    pub(crate) reopens: bool,
}

/// One participant's tabulated local behaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocalTable {
    pub(crate) roles: RoleSet,
    /// Local states by id; id 0 is the start state.
    pub(crate) states: Vec<Local>,
    /// Statements each local state may send.
    pub(crate) sends: Vec<Vec<SendMove>>,
    /// `receives[id * 28 + message]`.
    pub(crate) receives: Vec<ReceiveMove>,
}

impl LocalTable {
    /// The local state with this id.
    pub(crate) fn state(&self, id: u16) -> Option<Local> {
        self.states.get(usize::from(id)).copied()
    }

    /// The statements local state `id` may send.
    pub(crate) fn sends(&self, id: u16) -> &[SendMove] {
        self.sends.get(usize::from(id)).map_or(&[], Vec::as_slice)
    }

    /// What receiving `message` does in local state `id`.
    pub(crate) fn receive(&self, id: u16, message: MessageType) -> Option<ReceiveMove> {
        let at = usize::from(id)
            .checked_mul(MESSAGE_TYPES)?
            .checked_add(usize::from(message as u8))?;
        self.receives.get(at).copied()
    }

    /// Whether local state `id` has been reached by the report (`RM` not `Start`).
    pub(crate) fn is_reached(&self, id: u16) -> bool {
        self.state(id).is_some_and(|l| l.state.rm().is_reached())
    }
}

/// The message types that may travel on a channel under `config`: every
/// statement (without `GI` unless inquiries are on) and the replies kept.
pub(crate) fn alphabet(config: &ExploreConfig) -> Set<MessageType> {
    MessageType::all().filter(|&m| travels(config, m)).collect()
}

/// Whether `message` is put on a channel under `config`.
pub(crate) fn travels(config: &ExploreConfig, message: MessageType) -> bool {
    match (message, message.kind()) {
        (MessageType::GI, _) => config.inquiries(),
        (_, MessageKind::Ack) => config.acknowledgements(),
        _ => true,
    }
}

/// The statements a participant may initiate under `config`.
pub(crate) fn statements(
    config: &ExploreConfig,
    index: usize,
) -> impl Iterator<Item = MessageType> + '_ {
    let allowed = config.statements(index);
    MessageType::all().filter(move |&m| {
        m.kind() == MessageKind::Statement && allowed.contains(m) && travels(config, m)
    })
}

fn filtered(config: &ExploreConfig, messages: &[MessageType]) -> Emits {
    let mut emits = Emits::default();
    for &m in messages {
        if travels(config, m) {
            emits.push(m);
        }
    }
    emits
}

/// Every participant's table, in order.
pub(crate) fn tabulate_all(
    config: &ExploreConfig,
    steps: StepFunctions,
) -> Result<Vec<LocalTable>, ExploreError> {
    config
        .participants()
        .iter()
        .enumerate()
        .map(|(index, &roles)| {
            tabulate(config, index, steps).map_err(|_| ExploreError::LocalStates { index, roles })
        })
        .collect()
}

/// Why a table could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooManyLocalStates;

/// Closes `roles`' local state set under sends and receipts, and tabulates both.
pub(crate) fn tabulate(
    config: &ExploreConfig,
    index: usize,
    steps: StepFunctions,
) -> Result<LocalTable, TooManyLocalStates> {
    let roles = config
        .participants()
        .get(index)
        .copied()
        .unwrap_or_default();
    let start = Local {
        state: roles.start_state(),
        reported: false,
        proposed: false,
    };
    let alphabet = alphabet(config);
    let statements: Vec<MessageType> = statements(config, index).collect();
    let mut ids: HashMap<Local, u16> = HashMap::new();
    let mut states = vec![start];
    ids.insert(start, 0);
    let mut sends = Vec::new();
    let mut receives = Vec::new();
    let mut intern = |local: Local, states: &mut Vec<Local>| -> Result<u16, TooManyLocalStates> {
        match ids.entry(local) {
            Entry::Occupied(e) => Ok(*e.get()),
            Entry::Vacant(e) => {
                let id = u16::try_from(states.len()).map_err(|_| TooManyLocalStates)?;
                if usize::from(id) >= super::pack::MAX_LOCAL_STATES {
                    return Err(TooManyLocalStates);
                }
                states.push(local);
                e.insert(id);
                Ok(id)
            }
        }
    };
    let mut cursor = 0usize;
    while let Some(&local) = states.get(cursor) {
        cursor = cursor.saturating_add(1);
        let state = local.state;
        let closed = state.rm() == RmState::Closed;
        let mut moves = Vec::new();
        for &message in &statements {
            let Ok(sent) = (steps.send)(message, state, roles, config.options()) else {
                continue;
            };
            let is_report = message == MessageType::RS;
            if is_report && local.reported {
                continue;
            }
            if !is_report && sent.state == state {
                // Re-proposals and other statements that change nothing are not
                // explored: they add only copies of messages already sent.
                continue;
            }
            if crate::rules::self_accept(message, local.proposed) && config.guards().no_self_accept
            {
                continue;
            }
            let publishes = crate::rules::publishes(message);
            let under_embargo = crate::rules::publishes_under_embargo(message, state.em());
            if under_embargo && config.guards().no_publish_under_embargo {
                continue;
            }
            let proposes = matches!(message, MessageType::EP | MessageType::EV);
            let next = Local {
                state: sent.state,
                reported: local.reported || is_report,
                proposed: proposes || (local.proposed && sent.state.em() == state.em()),
            };
            moves.push(SendMove {
                message,
                next: intern(next, &mut states)?,
                emits: filtered(config, sent.messages),
                publishes,
                under_embargo,
                reopens: closed && sent.state != state,
            });
        }
        sends.push(moves);
        for message in MessageType::all() {
            let (next, replies) = if alphabet.contains(message) {
                let got = (steps.receive)(message, state, roles, config.options());
                let counter = matches!(message, MessageType::EP | MessageType::EV);
                let next = Local {
                    state: got.state,
                    reported: local.reported,
                    proposed: local.proposed && !counter && got.state.em() == state.em(),
                };
                (next, filtered(config, got.replies))
            } else {
                (local, Emits::default())
            };
            receives.push(ReceiveMove {
                next: intern(next, &mut states)?,
                replies,
                reopens: closed && next.state != state,
            });
        }
    }
    Ok(LocalTable {
        roles,
        states,
        sends,
        receives,
    })
}
