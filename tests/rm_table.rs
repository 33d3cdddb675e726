//! Report Management (RM) against reference §1: every (state, action) pair checked
//! against the reference's eleven-edge table typed in here, the code's const table
//! compared row for row, refusals checked field by field, and the named subsets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::BTreeSet;

use mpcvd::machine::{InvalidTransition, Machine, MachineKind, Transition};
use mpcvd::rm::{self, Rm, RmAction, RmState};
use mpcvd::set::Set;
use strum::IntoEnumIterator;

use RmAction::{Accept as a, Close as c, Defer as d, Invalidate as i, Receive as r, Validate as v};
use RmState::{
    Accepted as A, Closed as C, Deferred as D, Invalid as I, Received as R, Start as S, Valid as V,
};

/// Reference §1, "Transition function (right-linear grammar) — 11 edges", typed in.
const REFERENCE: [(RmState, RmAction, RmState); 11] = [
    (S, r, R),
    (R, v, V),
    (R, i, I),
    (I, v, V),
    (I, c, C),
    (V, a, A),
    (V, d, D),
    (A, d, D),
    (A, c, C),
    (D, a, A),
    (D, c, C),
];

/// The seven states of reference §1.
const STATES: [RmState; 7] = [S, R, I, V, A, D, C];
/// The six actions of reference §1.
const ACTIONS: [RmAction; 6] = [r, v, i, a, d, c];

fn reference_next(from: RmState, action: RmAction) -> Option<RmState> {
    REFERENCE
        .iter()
        .find(|(f, act, _)| *f == from && *act == action)
        .map(|(_, _, to)| *to)
}

fn reference_allowed(from: RmState) -> BTreeSet<RmAction> {
    REFERENCE
        .iter()
        .filter(|(f, _, _)| *f == from)
        .map(|(_, act, _)| *act)
        .collect()
}

fn members<T: mpcvd::set::Indexed + Ord>(set: Set<T>) -> BTreeSet<T> {
    set.iter().collect()
}

#[test]
fn the_code_enumerates_exactly_the_reference_states_and_actions() {
    assert_eq!(RmState::iter().collect::<Vec<_>>().len(), 7);
    assert_eq!(
        RmState::iter().collect::<BTreeSet<_>>(),
        STATES.into_iter().collect()
    );
    assert_eq!(
        RmAction::iter().collect::<BTreeSet<_>>(),
        ACTIONS.into_iter().collect()
    );
    assert_eq!(Rm::KIND, MachineKind::Rm);
    assert_eq!(Rm::INITIAL, S, "reference §1: initial state S");
}

#[test]
fn every_state_action_pair_matches_the_reference() {
    let mut allowed_pairs = 0;
    for from in STATES {
        for action in ACTIONS {
            let expected = reference_next(from, action);
            assert_eq!(Rm::next(from, action), expected, "{from} + {action}");
            match expected {
                Some(to) => {
                    allowed_pairs += 1;
                    assert_eq!(from.apply(action), Ok(to), "{from} + {action}");
                    assert_eq!(Rm::apply(from, action), Ok(to), "{from} + {action}");
                }
                None => {
                    let err = from.apply(action).unwrap_err();
                    let expected_allowed: Set<RmAction> =
                        reference_allowed(from).into_iter().collect();
                    assert_eq!(
                        err,
                        InvalidTransition {
                            machine: MachineKind::Rm,
                            from,
                            action,
                            allowed: expected_allowed,
                        },
                        "{from} + {action}"
                    );
                    assert_eq!(Rm::apply(from, action), Err(err));
                    // The message names the machine, the state and the action.
                    let text = err.to_string();
                    assert!(text.starts_with("rm refuses"), "{text}");
                    assert!(text.contains(&format!("`{action}`")), "{text}");
                    assert!(text.contains(&format!("`{from}`")), "{text}");
                }
            }
        }
    }
    assert_eq!(allowed_pairs, 11);
}

#[test]
fn allowed_actions_and_sources_match_the_reference() {
    for from in STATES {
        assert_eq!(
            members(from.allowed_actions()),
            reference_allowed(from),
            "{from}"
        );
        assert_eq!(members(Rm::allowed_actions(from)), reference_allowed(from));
    }
    for action in ACTIONS {
        let sources: BTreeSet<RmState> = REFERENCE
            .iter()
            .filter(|(_, act, _)| *act == action)
            .map(|(f, _, _)| *f)
            .collect();
        assert_eq!(members(Rm::sources(action)), sources, "{action}");
    }
}

#[test]
fn the_const_table_has_exactly_the_reference_rows() {
    assert_eq!(rm::TRANSITIONS.len(), 11);
    assert_eq!(Rm::TRANSITIONS.len(), 11);
    let code: Vec<(RmState, RmAction, RmState)> = Rm::TRANSITIONS
        .iter()
        .map(|t| (t.from, t.action, t.to))
        .collect();
    let code_set: BTreeSet<_> = code.iter().copied().collect();
    assert_eq!(code_set.len(), code.len(), "the code's table repeats a row");
    let reference_set: BTreeSet<_> = REFERENCE.into_iter().collect();
    let extra: Vec<_> = code_set.difference(&reference_set).collect();
    let missing: Vec<_> = reference_set.difference(&code_set).collect();
    assert!(extra.is_empty(), "rows not in the reference: {extra:?}");
    assert!(missing.is_empty(), "reference rows missing: {missing:?}");
    // The module constant and the trait constant are the same table.
    assert_eq!(&rm::TRANSITIONS[..], Rm::TRANSITIONS);
    assert_eq!(
        Rm::TRANSITIONS[0],
        Transition {
            from: S,
            action: r,
            to: R
        }
    );
}

#[test]
fn closing_from_valid_is_refused() {
    // Reference §1: "MUST NOT close from Valid".
    let err = V.apply(c).unwrap_err();
    assert_eq!(err.machine, MachineKind::Rm);
    assert_eq!(err.from, V);
    assert_eq!(err.action, c);
    assert_eq!(err.allowed, Set::from_slice(&[a, d]));
    assert_eq!(
        err.to_string(),
        "rm refuses `close` in state `valid` (state kept); allowed there: {accept, defer}"
    );
    // And the other explicit prohibitions: no I→A, no V→I; C is absorbing.
    assert!(I.apply(a).is_err());
    assert!(V.apply(i).is_err());
    for action in ACTIONS {
        assert!(C.apply(action).is_err(), "closed is absorbing: {action}");
    }
    assert!(C.allowed_actions().is_empty());
}

#[test]
fn named_subsets_match_the_reference() {
    let set = |s: &[RmState]| s.iter().copied().collect::<BTreeSet<_>>();
    let open = set(&[R, I, V, D, A]);
    let active = set(&[R, V, A]);
    let inactive = set(&[I, D, C]);
    let closable = set(&[I, D, A]);
    let valid_yet_unclosed = set(&[V, D, A]);
    let potentially_valid = set(&[R, V, D, A]);

    assert_eq!(set(&rm::OPEN), open);
    assert_eq!(set(&rm::ACTIVE), active);
    assert_eq!(set(&rm::INACTIVE), inactive);
    assert_eq!(set(&rm::CLOSABLE), closable);
    assert_eq!(set(&rm::VALID_YET_UNCLOSED), valid_yet_unclosed);
    assert_eq!(set(&rm::POTENTIALLY_VALID_YET_UNCLOSED), potentially_valid);
    for (name, subset) in [
        ("OPEN", &rm::OPEN[..]),
        ("ACTIVE", &rm::ACTIVE[..]),
        ("INACTIVE", &rm::INACTIVE[..]),
        ("CLOSABLE", &rm::CLOSABLE[..]),
        ("VALID_YET_UNCLOSED", &rm::VALID_YET_UNCLOSED[..]),
        ("POTENTIALLY_VALID", &rm::POTENTIALLY_VALID_YET_UNCLOSED[..]),
    ] {
        assert_eq!(set(subset).len(), subset.len(), "{name} repeats a state");
    }

    for s in STATES {
        assert_eq!(s.is_open(), open.contains(&s), "{s}");
        assert_eq!(s.is_active(), active.contains(&s), "{s}");
        assert_eq!(s.is_closable(), closable.contains(&s), "{s}");
        assert_eq!(s.is_valid_yet_unclosed(), valid_yet_unclosed.contains(&s));
        assert_eq!(s.is_reached(), s != S, "{s}");
        assert_eq!(s.is_closed(), s == C, "{s}");
        // Active and inactive partition the reached states.
        assert_eq!(active.contains(&s) ^ inactive.contains(&s), s != S, "{s}");
    }
    // The closable states are exactly where the table has a close row.
    let close_sources: BTreeSet<_> = REFERENCE
        .iter()
        .filter(|(_, act, _)| *act == c)
        .map(|(f, _, _)| *f)
        .collect();
    assert_eq!(close_sources, closable);
}

#[test]
fn symbols_match_the_reference_letters() {
    let states: String = STATES.iter().map(|s| s.symbol()).collect();
    assert_eq!(states, "SRIVADC");
    let actions: String = ACTIONS.iter().map(|act| act.symbol()).collect();
    assert_eq!(actions, "rviadc");
}

#[test]
fn every_state_is_reachable_from_start_and_closed_is_the_only_sink() {
    let mut seen = BTreeSet::from([S]);
    let mut frontier = vec![S];
    while let Some(s) = frontier.pop() {
        for action in s.allowed_actions().iter() {
            let t = s.apply(action).unwrap();
            if seen.insert(t) {
                frontier.push(t);
            }
        }
    }
    assert_eq!(seen.len(), 7);
    let sinks: Vec<_> = STATES
        .into_iter()
        .filter(|s| s.allowed_actions().is_empty())
        .collect();
    assert_eq!(sinks, vec![C], "reference §1: final set {{C}}");
}
