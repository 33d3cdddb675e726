//! The explorer against a reference written here from the model's description alone:
//! a plain breadth-first search over `Vec`s and `VecDeque`s that calls
//! `message::send` and `message::receive` at every step, with no tables, packing or
//! custom hashing. Both must find the same states, transitions, terminal states
//! and deadlocks.

use std::collections::{HashSet, VecDeque};

use mpcvd::analysis::explore::{ExploreConfig, Topology, duties, explore};
use mpcvd::message::{MessageKind, MessageType, receive, send};
use mpcvd::protocol::{ProtocolOptions, ProtocolState};
use mpcvd::role::{Role, RoleSet};
use mpcvd::set::Set;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Local {
    state: ProtocolState,
    reported: bool,
    proposed: bool,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct World {
    locals: Vec<Local>,
    /// `channels[from][to]`.
    channels: Vec<Vec<VecDeque<MessageType>>>,
}

struct Spec {
    roles: Vec<RoleSet>,
    statements: Vec<Set<MessageType>>,
    bound: usize,
    star: bool,
}

#[derive(Debug, PartialEq, Eq)]
struct Counts {
    states: usize,
    transitions: usize,
    terminal: usize,
    deadlocks: usize,
}

fn travels(m: MessageType) -> bool {
    m != MessageType::GI && m.kind() != MessageKind::Ack
}

fn linked(spec: &Spec, i: usize, j: usize) -> bool {
    if i == j {
        return false;
    }
    if !spec.star {
        return true;
    }
    let hub = spec
        .roles
        .iter()
        .position(|r| r.contains(Role::Coordinator))
        .unwrap_or(0);
    i == hub || j == hub
}

fn successors(spec: &Spec, w: &World) -> Vec<World> {
    let options = ProtocolOptions::default();
    let n = spec.roles.len();
    let vendors_reached = (0..n)
        .filter(|&v| spec.roles[v].contains(Role::Vendor))
        .all(|v| w.locals[v].state.rm().is_reached());
    let mut out = Vec::new();
    for i in 0..n {
        let me = &w.locals[i];
        for m in MessageType::all() {
            if m.kind() != MessageKind::Statement || !travels(m) || !spec.statements[i].contains(m)
            {
                continue;
            }
            let Ok(sent) = send(m, me.state, spec.roles[i], options) else {
                continue;
            };
            if m == MessageType::RS && me.reported {
                continue;
            }
            if m != MessageType::RS && sent.state == me.state {
                continue;
            }
            if matches!(m, MessageType::EA | MessageType::EC) && me.proposed {
                continue;
            }
            if matches!(m, MessageType::CP | MessageType::CX)
                && (me.state.em().is_in_force() || !vendors_reached)
            {
                continue;
            }
            let emits: Vec<MessageType> = sent
                .messages
                .iter()
                .copied()
                .filter(|&e| travels(e))
                .collect();
            let peers: Vec<usize> = (0..n).filter(|&j| linked(spec, i, j)).collect();
            if peers
                .iter()
                .any(|&j| w.channels[i][j].len() + emits.len() > spec.bound)
            {
                continue;
            }
            let mut next = w.clone();
            next.locals[i] = Local {
                state: sent.state,
                reported: me.reported || m == MessageType::RS,
                proposed: matches!(m, MessageType::EP | MessageType::EV)
                    || (me.proposed && sent.state.em() == me.state.em()),
            };
            for &j in &peers {
                next.channels[i][j].extend(emits.iter().copied());
            }
            out.push(next);
        }
        for j in (0..n).filter(|&j| linked(spec, j, i)) {
            let Some(&m) = w.channels[j][i].front() else {
                continue;
            };
            let got = receive(m, me.state, spec.roles[i], options);
            let replies: Vec<MessageType> = got
                .replies
                .iter()
                .copied()
                .filter(|&r| travels(r))
                .collect();
            if w.channels[i][j].len() + replies.len() > spec.bound {
                continue;
            }
            let mut next = w.clone();
            next.channels[j][i].pop_front();
            next.channels[i][j].extend(replies);
            let counter = matches!(m, MessageType::EP | MessageType::EV);
            next.locals[i] = Local {
                state: got.state,
                reported: me.reported,
                proposed: me.proposed && !counter && got.state.em() == me.state.em(),
            };
            out.push(next);
        }
    }
    out
}

fn reference(spec: &Spec) -> Counts {
    let n = spec.roles.len();
    let start = World {
        locals: spec
            .roles
            .iter()
            .map(|r| Local {
                state: r.start_state(),
                reported: false,
                proposed: false,
            })
            .collect(),
        channels: vec![vec![VecDeque::new(); n]; n],
    };
    let mut seen = HashSet::from([start.clone()]);
    let mut queue = VecDeque::from([start]);
    let mut counts = Counts {
        states: 0,
        transitions: 0,
        terminal: 0,
        deadlocks: 0,
    };
    while let Some(w) = queue.pop_front() {
        counts.states += 1;
        let next = successors(spec, &w);
        counts.transitions += next.len();
        if next.is_empty() {
            if w.channels.iter().flatten().all(VecDeque::is_empty) {
                counts.terminal += 1;
            } else {
                counts.deadlocks += 1;
            }
        }
        for s in next {
            if seen.insert(s.clone()) {
                queue.push_back(s);
            }
        }
    }
    counts
}

fn compare(roles: &[RoleSet], bound: usize, star: bool, with_duties: bool) {
    let all: Set<MessageType> = MessageType::all()
        .filter(|m| m.kind() == MessageKind::Statement)
        .collect();
    let spec = Spec {
        roles: roles.to_vec(),
        statements: roles
            .iter()
            .map(|&r| if with_duties { duties(r) } else { all })
            .collect(),
        bound,
        star,
    };
    let mut config = ExploreConfig::new(roles.to_vec())
        .unwrap()
        .with_channel_bound(bound)
        .unwrap()
        .with_topology(if star {
            Topology::Star
        } else {
            Topology::Complete
        });
    if with_duties {
        config = config.with_duties();
    }
    let native = explore(&config).unwrap();
    let expected = reference(&spec);
    let found = Counts {
        states: native.states,
        transitions: native.transitions,
        terminal: native.terminal,
        deadlocks: native.deadlocks,
    };
    assert_eq!(
        found, expected,
        "{roles:?} bound {bound} star {star} duties {with_duties}"
    );
}

fn reporter() -> RoleSet {
    RoleSet::of(&[Role::Finder, Role::Reporter])
}

#[test]
fn two_parties_every_statement() {
    compare(&[reporter(), RoleSet::of(&[Role::Vendor])], 1, false, false);
}

#[test]
fn two_parties_duties_at_bounds_one_to_three() {
    for bound in 1..=3 {
        compare(
            &[reporter(), RoleSet::of(&[Role::Vendor])],
            bound,
            false,
            true,
        );
    }
}

#[test]
fn three_parties_star() {
    let roles = [
        reporter(),
        RoleSet::of(&[Role::Coordinator]),
        RoleSet::of(&[Role::Vendor, Role::Deployer]),
    ];
    compare(&roles, 1, true, true);
}
