//! Participant Embargo Consent (PEC) against reference §2 (last item) and decision 7:
//! the source's eleven edges (the `reset` wildcard counted once) typed in here,
//! expanded to the fifteen rows the code spells out, and every (state, action) pair
//! checked, refusals field by field.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::BTreeSet;

use mpcvd::machine::{InvalidTransition, Machine, MachineKind};
use mpcvd::pec::{self, Pec, PecAction, PecState};
use mpcvd::set::Set;
use strum::IntoEnumIterator;

use PecAction::{Accept, Decline, Invite, Reset, Revise};
use PecState::{Declined, Invited, Lapsed, NoEmbargo, Signatory};

/// Where an edge starts: some listed states, or every state (the `*` wildcard).
#[derive(Clone, Copy)]
enum Source {
    Of(&'static [PecState]),
    Any,
}

/// Reference §2, `participant_embargo_consent.py`, typed in: one entry per edge of
/// the source (a `{…}→` set counts one edge per member; the wildcard counts once).
const REFERENCE: [(Source, PecAction, PecState); 5] = [
    (Source::Of(&[NoEmbargo, Lapsed, Declined]), Invite, Invited),
    (Source::Of(&[NoEmbargo, Invited, Lapsed]), Accept, Signatory),
    (Source::Of(&[NoEmbargo, Invited, Lapsed]), Decline, Declined),
    (Source::Of(&[Signatory]), Revise, Lapsed),
    (Source::Any, Reset, NoEmbargo),
];

const STATES: [PecState; 5] = [NoEmbargo, Invited, Signatory, Declined, Lapsed];
const ACTIONS: [PecAction; 5] = [Invite, Accept, Decline, Revise, Reset];

/// The source's edge count, with the wildcard as one edge.
fn source_edge_count() -> usize {
    REFERENCE
        .iter()
        .map(|(from, _, _)| match from {
            Source::Of(states) => states.len(),
            Source::Any => 1,
        })
        .sum()
}

/// The reference table with the wildcard spelled out for every state.
fn expanded() -> BTreeSet<(PecState, PecAction, PecState)> {
    let mut rows = BTreeSet::new();
    for (from, action, to) in REFERENCE {
        let sources: &[PecState] = match from {
            Source::Of(states) => states,
            Source::Any => &STATES,
        };
        for &s in sources {
            assert!(rows.insert((s, action, to)), "typed-in table repeats a row");
        }
    }
    rows
}

fn reference_next(from: PecState, action: PecAction) -> Option<PecState> {
    expanded()
        .into_iter()
        .find(|(f, act, _)| *f == from && *act == action)
        .map(|(_, _, to)| to)
}

fn reference_allowed(from: PecState) -> Set<PecAction> {
    expanded()
        .into_iter()
        .filter(|(f, _, _)| *f == from)
        .map(|(_, act, _)| act)
        .collect()
}

#[test]
fn the_code_enumerates_exactly_the_reference_states_and_actions() {
    assert_eq!(PecState::iter().collect::<Vec<_>>(), STATES.to_vec());
    assert_eq!(PecAction::iter().collect::<Vec<_>>(), ACTIONS.to_vec());
    assert_eq!(Pec::KIND, MachineKind::Pec);
    assert_eq!(Pec::INITIAL, NoEmbargo);
}

#[test]
fn eleven_source_edges_are_fifteen_rows() {
    assert_eq!(
        source_edge_count(),
        11,
        "reference §2: 11 edges incl. wildcard as 1"
    );
    assert_eq!(
        expanded().len(),
        15,
        "reset spelled out for each of 5 states"
    );
    assert_eq!(pec::TRANSITIONS.len(), 15);
}

#[test]
fn the_const_table_has_exactly_the_reference_rows() {
    assert_eq!(&pec::TRANSITIONS[..], Pec::TRANSITIONS);
    let code: Vec<_> = Pec::TRANSITIONS
        .iter()
        .map(|row| (row.from, row.action, row.to))
        .collect();
    let code_set: BTreeSet<_> = code.iter().copied().collect();
    assert_eq!(code_set.len(), code.len(), "the code's table repeats a row");
    let reference = expanded();
    let extra: Vec<_> = code_set.difference(&reference).collect();
    let missing: Vec<_> = reference.difference(&code_set).collect();
    assert!(extra.is_empty(), "rows not in the reference: {extra:?}");
    assert!(missing.is_empty(), "reference rows missing: {missing:?}");
}

#[test]
fn every_state_action_pair_matches_the_reference() {
    let mut allowed_pairs = 0;
    for from in STATES {
        assert_eq!(from.allowed_actions(), reference_allowed(from), "{from}");
        for action in ACTIONS {
            let expected = reference_next(from, action);
            assert_eq!(Pec::next(from, action), expected, "{from} + {action}");
            match expected {
                Some(to) => {
                    allowed_pairs += 1;
                    assert_eq!(from.apply(action), Ok(to), "{from} + {action}");
                }
                None => {
                    let err = from.apply(action).unwrap_err();
                    assert_eq!(
                        err,
                        InvalidTransition {
                            machine: MachineKind::Pec,
                            from,
                            action,
                            allowed: reference_allowed(from),
                        },
                        "{from} + {action}"
                    );
                    assert!(err.to_string().starts_with("pec refuses"));
                }
            }
        }
    }
    assert_eq!(allowed_pairs, 15);
}

#[test]
fn sources_match_the_reference() {
    for action in ACTIONS {
        let sources: Set<PecState> = expanded()
            .into_iter()
            .filter(|(_, act, _)| *act == action)
            .map(|(f, _, _)| f)
            .collect();
        assert_eq!(Pec::sources(action), sources, "{action}");
    }
    assert_eq!(Pec::sources(Reset), Set::all(), "reset is a wildcard");
}

#[test]
fn accept_without_invitation_is_allowed_and_only_signatories_revise() {
    // ADR-0048 (reference §10, #451): no embargo is the absence of one, so accepting
    // from NoEmbargo is allowed.
    assert_eq!(NoEmbargo.apply(Accept), Ok(Signatory));
    // A signatory cannot accept or decline again without a revision first.
    assert!(Signatory.apply(Accept).is_err());
    assert!(Signatory.apply(Decline).is_err());
    assert!(Signatory.apply(Invite).is_err());
    for s in STATES {
        assert_eq!(s.apply(Revise).is_ok(), s == Signatory, "{s}");
        assert_eq!(s.apply(Reset), Ok(NoEmbargo), "{s}");
        assert_eq!(s.is_signatory(), s == Signatory, "{s}");
    }
}
