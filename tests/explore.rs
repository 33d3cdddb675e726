//! The multi-party explorer: the standard protocol keeps every invariant in the
//! configurations issue 5 names, and each invariant catches a violation seeded on
//! purpose, with a shortest trace.

use mpcvd::analysis::explore::{
    ExploreConfig, ExploreError, Guards, Invariant, MAX_CHANNEL_BOUND, MAX_PARTICIPANTS,
    StepFunctions, Topology, explore, explore_with,
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

fn two_party() -> ExploreConfig {
    ExploreConfig::new(vec![reporter(), vendor()]).unwrap()
}

fn four_party() -> ExploreConfig {
    ExploreConfig::new(vec![reporter(), coordinator(), vendor(), vendor()])
        .unwrap()
        .with_topology(Topology::Star)
        .with_duties()
}

#[test]
fn finder_and_vendor_keep_every_invariant_with_every_statement() {
    let found = explore(&two_party()).unwrap();
    assert!(found.complete);
    assert!(found.violations.is_empty(), "{:#?}", found.violations);
    assert!(found.states > 10_000, "{} states", found.states);
    assert!(found.transitions > found.states);
    assert!(found.terminal > 0, "some runs end with every channel empty");
    assert_eq!(found.participants, ["finder+reporter", "vendor"]);
}

#[test]
fn reporter_coordinator_and_two_vendors_keep_every_invariant() {
    let found = explore(&four_party()).unwrap();
    assert!(found.complete);
    assert!(found.violations.is_empty(), "{:#?}", found.violations);
    assert!(found.states > 100_000, "{} states", found.states);
    assert_eq!(found.local_states.len(), 4);
    // The two vendors are interchangeable, so their local state sets are the same.
    assert_eq!(found.local_states.get(2), found.local_states.get(3));
}

#[test]
fn exploration_is_deterministic() {
    let config = two_party().with_duties().with_channel_bound(2).unwrap();
    assert_eq!(explore(&config).unwrap(), explore(&config).unwrap());
}

#[test]
fn without_guards_a_participant_publishes_under_embargo_in_five_steps() {
    // Publishing under an embargo emits the publication and the `ET` announcing the
    // embargo's end (issue 21), two messages, so it needs channels of two: at bound
    // 1 it cannot happen at all. The violation is found early in the breadth-first
    // search, so a small budget suffices.
    let at_bound_one = explore(&two_party().with_guards(Guards::NONE)).unwrap();
    assert!(at_bound_one.complete && at_bound_one.violations.is_empty());
    let config = two_party()
        .with_guards(Guards::NONE)
        .with_channel_bound(2)
        .unwrap()
        .with_budget(50_000)
        .unwrap();
    let found = explore(&config).unwrap();
    let violation = found
        .violations
        .iter()
        .find(|v| v.invariant == Invariant::PublishUnderEmbargo)
        .expect("publishing under embargo is reachable without the guard");
    // Shortest at bound 2: the finder proposes and accepts its own terms (no
    // self-accept guard either), the vendor receives both, and the finder publishes.
    let steps: Vec<(usize, &str, MessageType)> = violation
        .trace
        .iter()
        .map(|s| (s.participant, s.action, s.message))
        .collect();
    assert_eq!(steps.len(), 5, "{steps:?}");
    let last = violation.trace.last().unwrap();
    assert_eq!(last.action, "send");
    assert!(matches!(last.message, MessageType::CP | MessageType::CX));
    assert_eq!(steps.first(), Some(&(0, "send", MessageType::EP)));
}

#[test]
fn without_guards_a_vendor_finishes_before_another_is_reached() {
    let config = ExploreConfig::new(vec![reporter(), vendor(), vendor()])
        .unwrap()
        .with_duties()
        .with_guards(Guards::NONE);
    let found = explore(&config).unwrap();
    let violation = found
        .violations
        .iter()
        .find(|v| v.invariant == Invariant::VendorsReachedBeforeEnd)
        .expect("an unguarded publication can leave a vendor behind");
    assert!(
        violation.states.iter().any(|s| s.starts_with("(S,")),
        "{:?}",
        violation.states
    );
    // A vendor without the deployer role tops out at VF (reference §6): fixed and
    // public is `VF·P··`.
    assert!(violation.states.iter().any(|s| s.contains("VFdP")));
    // With the guards the same configuration is clean.
    let guarded = explore(&config.with_guards(Guards::ALL)).unwrap();
    assert!(guarded.violations.is_empty(), "{:#?}", guarded.violations);
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
fn a_broken_receive_that_reopens_closed_participants_is_caught_in_three_steps() {
    let steps = StepFunctions {
        send: message::send,
        receive: reopening_receive,
    };
    let found = explore_with(&two_party(), steps, &mut |_| {}).unwrap();
    assert_eq!(found.violations.len(), 1, "{:#?}", found.violations);
    let violation = found.violations.first().unwrap();
    assert_eq!(violation.invariant, Invariant::ClosedStaysClosed);
    // Someone closes, the other sends anything, the closed one receives it.
    assert_eq!(violation.trace.len(), 3, "{:#?}", violation.trace);
    let last = violation.trace.last().unwrap();
    assert_eq!(last.action, "receive");
    assert!(last.state.starts_with("(S,"), "{}", last.state);
    assert!(
        violation
            .trace
            .iter()
            .any(|s| s.participant == last.participant && s.message == MessageType::RC)
    );
}

#[test]
fn attacks_that_do_not_end_the_embargo_leave_it_in_force_with_a() {
    let options = ProtocolOptions {
        attacks_end_embargo: false,
    };
    let found = explore(&two_party().with_options(options)).unwrap();
    let violation = found
        .violations
        .iter()
        .find(|v| v.invariant == Invariant::EmbargoAfterDisclosure)
        .expect("the SHOULD reading keeps embargoes through attacks");
    assert!(
        violation
            .states
            .iter()
            .any(|s| s.contains(", A, ") && s.ends_with("A)"))
    );
    assert_eq!(
        violation.trace.last().map(|s| s.message),
        Some(MessageType::CA)
    );
    // The engine's reading (attacks end embargoes) keeps the invariant.
    assert!(explore(&two_party()).unwrap().violations.is_empty());
}

#[test]
fn the_budget_stops_the_search_and_says_so() {
    let config = two_party().with_budget(1_000).unwrap();
    let found = explore(&config).unwrap();
    assert!(!found.complete);
    assert_eq!(found.states, 1_000);
}

#[test]
fn progress_is_reported_on_large_searches() {
    let mut calls = 0usize;
    let mut last = 0usize;
    let found = explore_with(&two_party(), StepFunctions::default(), &mut |p| {
        calls += 1;
        assert!(p.states >= last);
        last = p.states;
    })
    .unwrap();
    assert_eq!(calls, found.states / 65_536);
}

#[test]
fn star_topology_has_fewer_states_than_complete() {
    let parties = vec![reporter(), coordinator(), vendor()];
    let star = ExploreConfig::new(parties.clone())
        .unwrap()
        .with_duties()
        .with_topology(Topology::Star);
    let complete = ExploreConfig::new(parties).unwrap().with_duties();
    let (star, complete) = (explore(&star).unwrap(), explore(&complete).unwrap());
    assert!(star.complete && complete.complete);
    assert!(
        star.states < complete.states,
        "{} vs {}",
        star.states,
        complete.states
    );
}

#[test]
fn acknowledgements_change_the_state_space_but_break_no_invariant() {
    let config = two_party().with_duties();
    let plain = explore(&config).unwrap();
    let acks = explore(&config.clone().with_acknowledgements(true)).unwrap();
    // Acknowledgements occupy channel slots: a different state space.
    assert_ne!(acks.states, plain.states);
    assert!(acks.violations.is_empty(), "{:#?}", acks.violations);
}

#[test]
fn bad_configurations_are_refused_with_the_reason() {
    assert_eq!(
        ExploreConfig::new(vec![vendor()]).unwrap_err(),
        ExploreError::Participants { count: 1 }
    );
    assert_eq!(
        ExploreConfig::new(vec![vendor(); MAX_PARTICIPANTS + 1]).unwrap_err(),
        ExploreError::Participants {
            count: MAX_PARTICIPANTS + 1
        }
    );
    assert_eq!(
        ExploreConfig::new(vec![vendor(), RoleSet::default()]).unwrap_err(),
        ExploreError::NoRole { index: 1 }
    );
    for bound in [0, MAX_CHANNEL_BOUND + 1] {
        let error = two_party().with_channel_bound(bound).unwrap_err();
        assert_eq!(error, ExploreError::ChannelBound { bound });
        assert!(error.to_string().contains("channel bound"));
    }
    assert_eq!(
        two_party().with_budget(0).unwrap_err(),
        ExploreError::Budget
    );
    assert_eq!(
        two_party()
            .with_participant_statements(2, Default::default())
            .unwrap_err(),
        ExploreError::NoParticipant { index: 2, count: 2 }
    );
}

#[test]
fn a_participant_that_sends_nothing_only_answers() {
    let config = two_party()
        .with_participant_statements(1, Default::default())
        .unwrap();
    let found = explore(&config).unwrap();
    assert!(found.complete);
    assert!(found.violations.is_empty());
    let quiet = explore(&two_party()).unwrap();
    assert!(found.states < quiet.states);
}
