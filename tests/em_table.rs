//! Embargo Management (EM) against reference §2: every (state, action) pair checked
//! against the reference's ten-edge table typed in here, the code's const table
//! compared row for row, refusals checked field by field, the in-force and
//! negotiating subsets, and the teardown used when the case stops being `···pxa`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::BTreeSet;

use mpcvd::em::{self, Em, EmAction, EmState};
use mpcvd::machine::{InvalidTransition, Machine, MachineKind};
use mpcvd::set::Set;
use strum::IntoEnumIterator;

use EmAction::{Accept as a, Propose as p, Reject as r, Terminate as t};
use EmState::{Active as A, Exited as X, None as N, Proposed as P, Revise as R};

/// Reference §2, "Transition function — 10 edges", typed in.
const REFERENCE: [(EmState, EmAction, EmState); 10] = [
    (N, p, P),
    (P, p, P),
    (P, r, N),
    (P, a, A),
    (A, p, R),
    (R, p, R),
    (R, a, A),
    (R, r, A),
    (A, t, X),
    (R, t, X),
];

/// The five states of reference §2.
const STATES: [EmState; 5] = [N, P, A, R, X];
/// The four actions of reference §2.
const ACTIONS: [EmAction; 4] = [p, r, a, t];

fn reference_next(from: EmState, action: EmAction) -> Option<EmState> {
    REFERENCE
        .iter()
        .find(|(f, act, _)| *f == from && *act == action)
        .map(|(_, _, to)| *to)
}

fn reference_allowed(from: EmState) -> BTreeSet<EmAction> {
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
    assert_eq!(
        EmState::iter().collect::<Vec<_>>(),
        STATES.to_vec(),
        "five states in reference order"
    );
    assert_eq!(EmAction::iter().collect::<Vec<_>>(), ACTIONS.to_vec());
    assert_eq!(Em::KIND, MachineKind::Em);
    assert_eq!(Em::INITIAL, N, "reference §2: initial state N");
}

#[test]
fn every_state_action_pair_matches_the_reference() {
    let mut allowed_pairs = 0;
    for from in STATES {
        for action in ACTIONS {
            let expected = reference_next(from, action);
            assert_eq!(Em::next(from, action), expected, "{from} + {action}");
            match expected {
                Some(to) => {
                    allowed_pairs += 1;
                    assert_eq!(from.apply(action), Ok(to), "{from} + {action}");
                    assert_eq!(Em::apply(from, action), Ok(to));
                }
                None => {
                    let err = from.apply(action).unwrap_err();
                    let expected_allowed: Set<EmAction> =
                        reference_allowed(from).into_iter().collect();
                    assert_eq!(
                        err,
                        InvalidTransition {
                            machine: MachineKind::Em,
                            from,
                            action,
                            allowed: expected_allowed,
                        },
                        "{from} + {action}"
                    );
                    assert_eq!(Em::apply(from, action), Err(err));
                    assert!(err.to_string().starts_with("em refuses"));
                }
            }
        }
    }
    assert_eq!(allowed_pairs, 10);
}

#[test]
fn allowed_actions_and_sources_match_the_reference() {
    for from in STATES {
        assert_eq!(
            members(from.allowed_actions()),
            reference_allowed(from),
            "{from}"
        );
    }
    for action in ACTIONS {
        let sources: BTreeSet<EmState> = REFERENCE
            .iter()
            .filter(|(_, act, _)| *act == action)
            .map(|(f, _, _)| *f)
            .collect();
        assert_eq!(members(Em::sources(action)), sources, "{action}");
    }
}

#[test]
fn the_const_table_has_exactly_the_reference_rows() {
    assert_eq!(em::TRANSITIONS.len(), 10);
    assert_eq!(&em::TRANSITIONS[..], Em::TRANSITIONS);
    let code: Vec<_> = Em::TRANSITIONS
        .iter()
        .map(|row| (row.from, row.action, row.to))
        .collect();
    let code_set: BTreeSet<_> = code.iter().copied().collect();
    assert_eq!(code_set.len(), code.len(), "the code's table repeats a row");
    let reference_set: BTreeSet<_> = REFERENCE.into_iter().collect();
    let extra: Vec<_> = code_set.difference(&reference_set).collect();
    let missing: Vec<_> = reference_set.difference(&code_set).collect();
    assert!(extra.is_empty(), "rows not in the reference: {extra:?}");
    assert!(missing.is_empty(), "reference rows missing: {missing:?}");
}

#[test]
fn named_subsets_match_the_reference() {
    // Reference §2: EM_EMBARGO_ACTIVE = (A, R), EM_NEGOTIATING = (P, R), final {N, X}.
    assert_eq!(
        em::IN_FORCE.iter().copied().collect::<BTreeSet<_>>(),
        [A, R].into()
    );
    assert_eq!(
        em::NEGOTIATING.iter().copied().collect::<BTreeSet<_>>(),
        [P, R].into()
    );
    assert_eq!(
        em::FINAL.iter().copied().collect::<BTreeSet<_>>(),
        [N, X].into()
    );
    for s in STATES {
        assert_eq!(s.is_in_force(), matches!(s, A | R), "{s}");
        assert_eq!(s.is_negotiating(), matches!(s, P | R), "{s}");
    }
}

#[test]
fn a_revision_never_interrupts_coverage() {
    // Reference §2: from A, every path stays in force until `t`; N and P are never
    // revisited once A is reached.
    let mut seen = BTreeSet::from([A]);
    let mut frontier = vec![A];
    while let Some(s) = frontier.pop() {
        for action in s.allowed_actions().iter() {
            let next = s.apply(action).unwrap();
            assert!(
                next.is_in_force() || (action == t && next == X),
                "{s} + {action} -> {next}"
            );
            if seen.insert(next) {
                frontier.push(next);
            }
        }
    }
    assert_eq!(seen, [A, R, X].into());
    assert!(X.allowed_actions().is_empty(), "X is absorbing");
}

#[test]
fn teardown_rejects_a_proposal_and_terminates_an_embargo_in_force() {
    // Reference §2 CS↔EM rules: P→r N, A/R→t X; N and X have nothing to tear down.
    assert_eq!(N.torn_down(), N);
    assert_eq!(P.torn_down(), N);
    assert_eq!(A.torn_down(), X);
    assert_eq!(R.torn_down(), X);
    assert_eq!(X.torn_down(), X);
    for s in STATES {
        let torn = s.torn_down();
        assert!(!torn.is_in_force() && !torn.is_negotiating(), "{s}");
        // Every teardown is a table row (or no change).
        assert!(
            torn == s
                || ACTIONS
                    .iter()
                    .any(|&act| reference_next(s, act) == Some(torn)),
            "{s}"
        );
    }
}

#[test]
fn symbols_match_the_reference_letters() {
    let states: String = STATES.iter().map(|s| s.symbol()).collect();
    assert_eq!(states, "NPARX");
    let actions: String = ACTIONS.iter().map(|act| act.symbol()).collect();
    assert_eq!(actions, "prat");
}
