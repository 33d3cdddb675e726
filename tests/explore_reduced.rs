//! The explorer's reductions against the unreduced search, on configurations small
//! enough for both: the same invariants hold or break; with symmetry reduction the
//! counterexamples are as short as the unreduced ones; with partial-order reduction
//! they may be longer but never shorter, and the terminal and deadlock counts are
//! exactly the unreduced ones (persistent sets keep every state without steps).

use std::collections::HashMap;

use mpcvd::analysis::explore::{
    Exploration, ExploreConfig, Guards, Invariant, StepFunctions, Topology, TraceStep, explore,
    explore_with,
};
use mpcvd::message::{self, MessageType, Outcome, Reception};
use mpcvd::protocol::{ProtocolOptions, ProtocolState};
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};

fn reporter() -> RoleSet {
    RoleSet::of(&[Role::Finder, Role::Reporter])
}

fn vendor() -> RoleSet {
    RoleSet::of(&[Role::Vendor])
}

fn coordinator() -> RoleSet {
    RoleSet::of(&[Role::Coordinator])
}

fn invariants(e: &Exploration) -> Vec<Invariant> {
    e.violations.iter().map(|v| v.invariant).collect()
}

/// Every receipt in a trace follows a send of that message by the sender named, or
/// a receipt by that sender from the receiver (which it may have answered): the
/// renamed trace is a run, not a mix of participants.
fn plausible(trace: &[TraceStep]) {
    let mut sent: HashMap<(usize, MessageType), usize> = HashMap::new();
    let mut received: HashMap<(usize, usize, MessageType), usize> = HashMap::new();
    let mut heard: HashMap<(usize, usize), usize> = HashMap::new();
    for step in trace {
        match step.from {
            None => *sent.entry((step.participant, step.message)).or_default() += 1,
            Some(from) => {
                let got = received
                    .entry((step.participant, from, step.message))
                    .or_default();
                *got += 1;
                let answered = heard.get(&(from, step.participant)).copied().unwrap_or(0) > 0;
                *heard.entry((step.participant, from)).or_default() += 1;
                if !answered {
                    assert!(
                        sent.get(&(from, step.message)).copied().unwrap_or(0) >= *got,
                        "p{} receives {} from p{from} that p{from} never sent: {trace:#?}",
                        step.participant,
                        step.message
                    );
                }
            }
        }
    }
}

/// Explores `config` unreduced and with each reduction, and checks them against
/// each other.
fn cross_check(config: &ExploreConfig, steps: StepFunctions) -> Exploration {
    let run = |c: ExploreConfig| explore_with(&c, steps, &mut |_| {}).unwrap();
    let plain = run(config.unreduced());
    assert!(plain.complete);
    assert!(plain.reduction.is_none());
    for (symmetry, por) in [(true, false), (false, true), (true, true)] {
        let reduced = run(config.clone().with_symmetry(symmetry).with_por(por));
        let label = format!("symmetry {symmetry}, por {por}");
        assert!(reduced.complete, "{label}");
        assert!(reduced.states <= plain.states, "{label}");
        assert_eq!(invariants(&reduced), invariants(&plain), "{label}");
        if !symmetry {
            assert_eq!(reduced.terminal, plain.terminal, "{label}");
            assert_eq!(reduced.deadlocks, plain.deadlocks, "{label}");
        }
        for (r, p) in reduced.violations.iter().zip(&plain.violations) {
            plausible(&r.trace);
            if por {
                assert!(r.trace.len() >= p.trace.len(), "{label}: {r:#?}");
            } else {
                assert_eq!(r.trace.len(), p.trace.len(), "{label}: {r:#?}");
                assert_eq!(r.states.len(), p.states.len());
            }
        }
    }
    plain
}

#[test]
fn two_parties_every_statement() {
    let config = ExploreConfig::new(vec![reporter(), vendor()]).unwrap();
    let plain = cross_check(&config, StepFunctions::default());
    assert!(plain.violations.is_empty());
    // Nobody is interchangeable: symmetry changes nothing.
    let sym = explore(&config.clone().with_symmetry(true)).unwrap();
    assert_eq!(sym.states, plain.states);
    assert!(sym.reduction.interchangeable.is_empty());
}

#[test]
fn four_parties_star_duties_two_vendors_are_one_class() {
    let config = ExploreConfig::new(vec![reporter(), coordinator(), vendor(), vendor()])
        .unwrap()
        .with_topology(Topology::Star)
        .with_duties();
    let plain = cross_check(&config, StepFunctions::default());
    assert!(plain.violations.is_empty());
    let sym = explore(&config.clone().with_symmetry(true)).unwrap();
    assert_eq!(sym.reduction.interchangeable, vec![vec![2, 3]]);
    // Two interchangeable vendors: a little over half the states.
    assert!(sym.states * 2 > plain.states && sym.states * 10 < plain.states * 6);
    let por = explore(&config.with_por(true)).unwrap();
    assert!(por.reduction.partial_order_applied && por.reduction.reduced_expansions > 0);
    assert!(por.states < plain.states);
}

#[test]
fn an_unguarded_vendor_left_behind_is_found_by_every_reduction() {
    let config = ExploreConfig::new(vec![reporter(), vendor(), vendor()])
        .unwrap()
        .with_duties()
        .with_guards(Guards::NONE);
    let plain = cross_check(&config, StepFunctions::default());
    assert!(invariants(&plain).contains(&Invariant::VendorsReachedBeforeEnd));
    let sym = explore(&config.with_symmetry(true)).unwrap();
    assert_eq!(sym.reduction.interchangeable, vec![vec![1, 2]]);
    let v = sym
        .violations
        .iter()
        .find(|v| v.invariant == Invariant::VendorsReachedBeforeEnd)
        .unwrap();
    // The renamed trace's publisher is a vendor the report reached, and the state
    // reached names the vendor left behind.
    let publisher = v.trace.last().unwrap().participant;
    assert!(
        v.trace
            .iter()
            .any(|s| s.participant == publisher && s.message == MessageType::RS)
    );
    assert!(v.states.iter().any(|s| s.starts_with("(S,")));
}

#[test]
fn publishing_under_embargo_and_attacks_keeping_it_are_found_by_every_reduction() {
    let two = ExploreConfig::new(vec![reporter(), vendor()]).unwrap();
    let unguarded = two
        .clone()
        .with_guards(Guards::NONE)
        .with_channel_bound(2)
        .unwrap()
        .with_duties();
    let plain = cross_check(&unguarded, StepFunctions::default());
    assert!(invariants(&plain).contains(&Invariant::PublishUnderEmbargo));
    let keep = two.with_options(ProtocolOptions {
        attacks_end_embargo: false,
    });
    let plain = cross_check(&keep, StepFunctions::default());
    assert!(invariants(&plain).contains(&Invariant::EmbargoAfterDisclosure));
}

/// A broken receive: a closed participant is reset to the start state.
fn reopening_receive(
    m: MessageType,
    state: ProtocolState,
    roles: RoleSet,
    options: ProtocolOptions,
) -> Reception {
    if state.rm() == RmState::Closed {
        return Reception {
            state: ProtocolState::START,
            outcome: Outcome::Applied,
            replies: &[],
        };
    }
    message::receive(m, state, roles, options)
}

#[test]
fn a_reopening_receive_is_caught_by_every_reduction_and_por_stands_down() {
    let steps = StepFunctions {
        send: message::send,
        receive: reopening_receive,
    };
    let two = ExploreConfig::new(vec![reporter(), vendor()]).unwrap();
    let found = cross_check(&two, steps);
    assert_eq!(invariants(&found), [Invariant::ClosedStaysClosed]);
    // Resetting a closed vendor to Start takes it back to unreached: the
    // independence argument fails, so the reduction is not applied.
    let por = explore_with(&two.with_por(true), steps, &mut |_| {}).unwrap();
    assert!(por.reduction.partial_order && !por.reduction.partial_order_applied);
    assert_eq!(por.states, found.states);
}
