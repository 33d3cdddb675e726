//! The case-state model against reference §3: the 32 states, the 58 edges (per-state
//! successor table typed in from the reference), the 70 histories (checked against an
//! independent brute force over the 720 orderings), the text form and its errors,
//! state patterns, embargo viability and decision 1.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::{BTreeMap, BTreeSet};

use mpcvd::cs::{
    self, CaseState, Cs, CsError, CsEvent, CsRule, History, ParseCaseStateError, Pxa, StatePattern,
    Vfd,
};
use mpcvd::machine::{Machine, MachineKind};
use mpcvd::protocol::CsScope;
use mpcvd::set::Set;

/// The event letters in state-string order (reference §3).
const LETTERS: [char; 6] = ['V', 'F', 'D', 'P', 'X', 'A'];

/// Reference §3, "Per-state successor events" (the `random_walk.md` table), with the
/// `vfdP··` row and the `VFd···` "same pattern as Vfd···" row written out.
const SUCCESSORS: [(&str, &str); 32] = [
    ("vfdpxa", "VPXA"),
    ("vfdpxA", "VPX"),
    ("vfdpXa", "P"),
    ("vfdpXA", "P"),
    ("vfdPxa", "V"),
    ("vfdPxA", "V"),
    ("vfdPXa", "V"),
    ("vfdPXA", "V"),
    ("Vfdpxa", "FPXA"),
    ("VfdpxA", "FPX"),
    ("VfdpXa", "P"),
    ("VfdpXA", "P"),
    ("VfdPxa", "FXA"),
    ("VfdPxA", "FX"),
    ("VfdPXa", "FA"),
    ("VfdPXA", "F"),
    ("VFdpxa", "DPXA"),
    ("VFdpxA", "DPX"),
    ("VFdpXa", "P"),
    ("VFdpXA", "P"),
    ("VFdPxa", "DXA"),
    ("VFdPxA", "DX"),
    ("VFdPXa", "DA"),
    ("VFdPXA", "D"),
    ("VFDpxa", "PXA"),
    ("VFDpxA", "PX"),
    ("VFDpXa", "P"),
    ("VFDpXA", "P"),
    ("VFDPxa", "XA"),
    ("VFDPxA", "X"),
    ("VFDPXa", "A"),
    ("VFDPXA", ""),
];

fn event(letter: char) -> CsEvent {
    match letter {
        'V' => CsEvent::VendorAware,
        'F' => CsEvent::FixReady,
        'D' => CsEvent::FixDeployed,
        'P' => CsEvent::PublicAware,
        'X' => CsEvent::ExploitPublic,
        'A' => CsEvent::AttacksObserved,
        _ => panic!("not an event letter: {letter}"),
    }
}

fn position(letter: char) -> usize {
    LETTERS.iter().position(|&l| l == letter).unwrap()
}

/// The state string with `letter` made upper case.
fn raise(state: &str, letter: char) -> String {
    let p = position(letter);
    state
        .chars()
        .enumerate()
        .map(|(i, c)| if i == p { c.to_ascii_uppercase() } else { c })
        .collect()
}

/// All 64 upper/lower spellings of `vfdpxa`.
fn all_spellings() -> Vec<String> {
    (0..64u8)
        .map(|mask| {
            LETTERS
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if mask & (1 << i) != 0 {
                        *l
                    } else {
                        l.to_ascii_lowercase()
                    }
                })
                .collect()
        })
        .collect()
}

/// Reference §3 constraint 1 on the letters: not `vF····` and not `·fD···`.
fn is_possible(spelling: &str) -> bool {
    let c: Vec<char> = spelling.chars().collect();
    (c[0] != 'v' || c[1] != 'F') && (c[1] != 'f' || c[2] != 'D')
}

fn successor_table() -> BTreeMap<String, BTreeSet<char>> {
    SUCCESSORS
        .iter()
        .map(|(s, next)| (s.to_string(), next.chars().collect()))
        .collect()
}

fn cs(text: &str) -> CaseState {
    text.parse().unwrap()
}

#[test]
fn there_are_32_states_exactly_the_possible_spellings() {
    let all: Vec<String> = CaseState::all().map(|s| s.to_string()).collect();
    assert_eq!(all.len(), 32);
    let all: BTreeSet<String> = all.into_iter().collect();
    assert_eq!(all.len(), 32, "distinct");
    let possible: BTreeSet<String> = all_spellings()
        .into_iter()
        .filter(|s| is_possible(s))
        .collect();
    assert_eq!(possible.len(), 32, "4 × 8 (reference §3)");
    assert_eq!(all, possible);
    // The typed-in successor table covers the same 32 states.
    assert_eq!(
        successor_table().keys().cloned().collect::<BTreeSet<_>>(),
        possible
    );
    // The vendor halves are exactly vfd, Vfd, VFd, VFD.
    let vfd: BTreeSet<String> = all.iter().map(|s| s[..3].to_string()).collect();
    assert_eq!(vfd, ["vfd", "Vfd", "VFd", "VFD"].map(String::from).into());
}

#[test]
fn from_bits_builds_exactly_the_valid_states() {
    for bits in 0..=255u8 {
        let built = CaseState::from_bits(bits);
        if bits >= 64 {
            assert_eq!(built, None, "{bits:#b}");
            continue;
        }
        // Bit i is event i (V = 0 … A = 5).
        let spelling: String = LETTERS
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if bits & (1 << i) != 0 {
                    *l
                } else {
                    l.to_ascii_lowercase()
                }
            })
            .collect();
        assert_eq!(built.is_some(), is_possible(&spelling), "{spelling}");
        if let Some(state) = built {
            assert_eq!(state.to_string(), spelling);
            assert_eq!(state.bits(), bits);
            for (i, &l) in LETTERS.iter().enumerate() {
                assert_eq!(state.has(event(l)), bits & (1 << i) != 0);
            }
        }
    }
    assert_eq!(CaseState::INITIAL.to_string(), "vfdpxa");
    assert_eq!(CaseState::FINAL.to_string(), "VFDPXA");
    assert_eq!(Cs::INITIAL, CaseState::INITIAL);
}

#[test]
fn impossible_states_cannot_be_built_from_parts_text_or_serde() {
    for spelling in all_spellings() {
        let parsed = spelling.parse::<CaseState>();
        let json = serde_json::from_str::<CaseState>(&format!("\"{spelling}\""));
        if is_possible(&spelling) {
            assert_eq!(parsed.unwrap().to_string(), spelling);
            assert_eq!(json.unwrap().to_string(), spelling);
        } else {
            let err = parsed.unwrap_err();
            assert!(
                matches!(&err, ParseCaseStateError::Impossible { text, .. } if *text == spelling),
                "{spelling}: {err:?}"
            );
            assert!(json.is_err(), "{spelling}");
            assert!(spelling[..3].parse::<Vfd>().is_err(), "{spelling}");
        }
    }
    // The part-wise constructor covers exactly the 32 states.
    let from_parts: BTreeSet<CaseState> =
        [Vfd::Unaware, Vfd::Aware, Vfd::FixReady, Vfd::FixDeployed]
            .into_iter()
            .flat_map(|v| {
                (0..8u8)
                    .map(move |m| CaseState::new(v, Pxa::new(m & 1 != 0, m & 2 != 0, m & 4 != 0)))
            })
            .collect();
    assert_eq!(from_parts, CaseState::all().collect());
    for v in ["vFd", "vfD", "vFD", "VfD"] {
        assert!(matches!(
            v.parse::<Vfd>(),
            Err(ParseCaseStateError::Impossible { .. })
        ));
        assert!(
            serde_json::from_str::<Vfd>(&format!("\"{v}\"")).is_err(),
            "{v}"
        );
    }
}

#[test]
fn the_impossible_error_names_the_broken_rule() {
    let err = "vFdpxa".parse::<CaseState>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "`vFdpxa` is impossible: a fix is ready (F) only after the vendor is aware (V)"
    );
    let err = "VfDpxa".parse::<CaseState>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "`VfDpxa` is impossible: a fix is deployed (D) only after it is ready (F)"
    );
}

#[test]
fn malformed_text_gets_the_right_error() {
    use ParseCaseStateError::{Length, Letter};
    let length = |text: &str, found: usize| Length {
        text: text.into(),
        found,
        expected: 6,
    };
    assert_eq!("".parse::<CaseState>(), Err(length("", 0)));
    assert_eq!("vfdpx".parse::<CaseState>(), Err(length("vfdpx", 5)));
    assert_eq!("vfdpxaa".parse::<CaseState>(), Err(length("vfdpxaa", 7)));
    assert_eq!(" vfdpxa".parse::<CaseState>(), Err(length(" vfdpxa", 7)));
    // Length is counted in characters, not bytes.
    assert_eq!("vfdpxé".len(), 7);
    assert!(matches!(
        "vfdpxé".parse::<CaseState>(),
        Err(Letter {
            position: 5,
            found: 'é',
            lower: 'a',
            upper: 'A',
            ..
        })
    ));
    assert_eq!("vfdpxaé".parse::<CaseState>(), Err(length("vfdpxaé", 7)));
    assert_eq!(
        "ＶFdpxa".parse::<CaseState>().unwrap_err(),
        Letter {
            text: "ＶFdpxa".into(),
            position: 0,
            found: 'Ｖ',
            lower: 'v',
            upper: 'V',
        }
    );
    // Letters in the wrong place, wildcards and other letters.
    assert!(matches!(
        "fvdpxa".parse::<CaseState>(),
        Err(Letter {
            position: 0,
            found: 'f',
            lower: 'v',
            upper: 'V',
            ..
        })
    ));
    assert!(matches!(
        "vfdpxb".parse::<CaseState>(),
        Err(Letter {
            position: 5,
            found: 'b',
            ..
        })
    ));
    assert!(matches!(
        "vfd·xa".parse::<CaseState>(),
        Err(Letter {
            position: 3,
            found: '·',
            lower: 'p',
            upper: 'P',
            ..
        })
    ));
    // A long input is truncated in the error.
    let long = "v".repeat(100);
    match long.parse::<CaseState>() {
        Err(Length { text, found, .. }) => {
            assert_eq!(found, 100);
            assert_eq!(text.chars().count(), 32);
        }
        other => panic!("{other:?}"),
    }
    // The halves have their own lengths.
    assert!(matches!(
        "vfdp".parse::<Vfd>(),
        Err(Length { expected: 3, .. })
    ));
    assert!(matches!(
        "pxaa".parse::<Pxa>(),
        Err(Length { expected: 3, .. })
    ));
    assert!(matches!(
        "pxb".parse::<Pxa>(),
        Err(Letter { position: 2, .. })
    ));
}

#[test]
fn parts_print_and_parse() {
    for (v, text) in [
        (Vfd::Unaware, "vfd"),
        (Vfd::Aware, "Vfd"),
        (Vfd::FixReady, "VFd"),
        (Vfd::FixDeployed, "VFD"),
    ] {
        assert_eq!(v.to_string(), text);
        assert_eq!(text.parse::<Vfd>(), Ok(v));
    }
    for m in 0..8u8 {
        let pxa = Pxa::new(m & 1 != 0, m & 2 != 0, m & 4 != 0);
        let text = pxa.to_string();
        assert_eq!(text.parse::<Pxa>(), Ok(pxa));
        assert_eq!(pxa.public_aware(), text.starts_with('P'));
        assert_eq!(pxa.exploit_public(), text.contains('X'));
        assert_eq!(pxa.attacks_observed(), text.ends_with('A'));
    }
    let s = cs("VFdPxA");
    assert_eq!(s.vfd(), Vfd::FixReady);
    assert_eq!(s.pxa().to_string(), "PxA");
    assert_eq!(CaseState::new(s.vfd(), s.pxa()), s);
    // The fix path, one step at a time.
    assert_eq!(Vfd::Unaware.next_event(), Some(CsEvent::VendorAware));
    assert_eq!(Vfd::Aware.after(CsEvent::FixReady), Some(Vfd::FixReady));
    assert_eq!(Vfd::Aware.after(CsEvent::FixDeployed), None);
    assert_eq!(Vfd::FixDeployed.next_event(), None);
}

#[test]
fn successor_sets_match_the_reference_table() {
    for (text, expected) in successor_table() {
        let state = cs(&text);
        let expected_events: Set<CsEvent> = expected.iter().map(|&l| event(l)).collect();
        assert_eq!(state.allowed_events(), expected_events, "{text}");
        assert_eq!(Cs::allowed_actions(state), expected_events, "{text}");
        for l in LETTERS {
            let e = event(l);
            if expected.contains(&l) {
                let to = raise(&text, l);
                assert_eq!(state.next(e).map(|s| s.to_string()), Some(to.clone()));
                assert_eq!(state.apply(e).unwrap().to_string(), to);
                assert_eq!(Cs::apply(state, e).unwrap().to_string(), to);
            } else {
                assert_eq!(state.next(e), None, "{text} + {l}");
                let err = state.apply(e).unwrap_err();
                assert_eq!(err.from, state);
                assert_eq!(err.event, e);
                assert_eq!(err.allowed, expected_events);
                assert_eq!(err.rule, expected_rule(&text, l), "{text} + {l}");
                let generic = Cs::apply(state, e).unwrap_err();
                assert_eq!(generic.machine, MachineKind::Cs);
                assert_eq!(generic.from, state);
                assert_eq!(generic.allowed, expected_events);
            }
        }
    }
}

/// The rule refusing `letter` in `state`, from reference §3's constraints: an event
/// happens once; `F` needs `V`, `D` needs `F`; `v··P··` only takes `V`, `···pX·` only
/// takes `P`.
fn expected_rule(state: &str, letter: char) -> CsRule {
    let c: Vec<char> = state.chars().collect();
    let e = event(letter);
    if c[position(letter)].is_ascii_uppercase() {
        return CsRule::AlreadyHappened(e);
    }
    if letter == 'F' && c[0] == 'v' {
        return CsRule::Prerequisite(cs::Prerequisite {
            event: e,
            requires: CsEvent::VendorAware,
        });
    }
    if letter == 'D' && c[1] == 'f' {
        return CsRule::Prerequisite(cs::Prerequisite {
            event: e,
            requires: CsEvent::FixReady,
        });
    }
    if c[0] == 'v' && c[3] == 'P' {
        return CsRule::Forced(cs::Forcing {
            pattern: "v··P··".parse().unwrap(),
            only: CsEvent::VendorAware,
        });
    }
    if c[3] == 'p' && c[4] == 'X' {
        return CsRule::Forced(cs::Forcing {
            pattern: "···pX·".parse().unwrap(),
            only: CsEvent::PublicAware,
        });
    }
    panic!("{state} + {letter} should be allowed")
}

#[test]
fn there_are_58_edges_each_raising_one_letter() {
    let expected: BTreeSet<(String, char, String)> = SUCCESSORS
        .iter()
        .flat_map(|(s, next)| next.chars().map(move |l| (s.to_string(), l, raise(s, l))))
        .collect();
    assert_eq!(expected.len(), 58, "reference §3: 58 edges");
    assert_eq!(cs::EDGE_COUNT, 58);
    assert_eq!(cs::TRANSITIONS.len(), 58);
    assert_eq!(Cs::TRANSITIONS.len(), 58);
    let code: Vec<(String, char, String)> = CaseState::edges()
        .map(|t| (t.from.to_string(), t.action.letter(), t.to.to_string()))
        .collect();
    let code_set: BTreeSet<_> = code.iter().cloned().collect();
    assert_eq!(code_set.len(), 58, "no repeated edge");
    assert_eq!(code_set, expected);
    for t in CaseState::edges() {
        let (from, to) = (t.from.to_string(), t.to.to_string());
        let flipped: Vec<usize> = (0..6)
            .filter(|&i| from.chars().nth(i) != to.chars().nth(i))
            .collect();
        assert_eq!(flipped.len(), 1, "{from} -> {to}");
        let i = flipped[0];
        assert!(from.chars().nth(i).unwrap().is_ascii_lowercase());
        assert!(to.chars().nth(i).unwrap().is_ascii_uppercase());
        assert_eq!(LETTERS[i], t.action.letter());
        assert_eq!(t.from.bits() | t.action.bit(), t.to.bits());
    }
}

#[test]
fn the_graph_is_a_dag_from_vfdpxa_to_vfdpxa_final() {
    let sinks: Vec<CaseState> = CaseState::all()
        .filter(|s| s.allowed_events().is_empty())
        .collect();
    assert_eq!(sinks, vec![CaseState::FINAL]);
    // Every edge raises the number of upper-case letters, so there are no cycles,
    // and every state is reachable from vfdpxa.
    let mut seen = BTreeSet::from([CaseState::INITIAL]);
    let mut frontier = vec![CaseState::INITIAL];
    while let Some(s) = frontier.pop() {
        for e in s.allowed_events().iter() {
            let t = s.next(e).unwrap();
            assert!(t.bits().count_ones() == s.bits().count_ones() + 1);
            if seen.insert(t) {
                frontier.push(t);
            }
        }
    }
    assert_eq!(seen.len(), 32);
}

#[test]
fn forcing_rules_and_forced_events() {
    assert_eq!(cs::FORCING.len(), 2);
    assert_eq!(cs::FORCING[0].pattern.to_string(), "v··P··");
    assert_eq!(cs::FORCING[0].only, CsEvent::VendorAware);
    assert_eq!(cs::FORCING[1].pattern.to_string(), "···pX·");
    assert_eq!(cs::FORCING[1].only, CsEvent::PublicAware);
    for s in CaseState::all() {
        let t = s.to_string();
        let c: Vec<char> = t.chars().collect();
        let expected = if c[0] == 'v' && c[3] == 'P' {
            Some(CsEvent::VendorAware)
        } else if c[3] == 'p' && c[4] == 'X' {
            Some(CsEvent::PublicAware)
        } else {
            None
        };
        assert_eq!(s.forced_event(), expected, "{t}");
        if let Some(only) = expected {
            assert_eq!(s.allowed_events(), Set::only(only), "{t}");
        }
    }
    // Attacks never force public awareness (constraint 4): `···p·A` persists.
    assert!(cs("VfdpxA").allowed_events().len() > 1);
    assert_eq!(cs("VfdpxA").forced_event(), None);
}

#[test]
fn decision_1_vfdpxa_plus_x_goes_to_vfdpxa() {
    // The grammar's `VFdPxA → X VFDPXA` is a typo (contradiction 1).
    assert_eq!(
        cs("VFdPxA").apply(CsEvent::ExploitPublic).unwrap(),
        cs("VFdPXA")
    );
    assert_eq!(
        cs("VFdPxA").next(CsEvent::ExploitPublic),
        Some(cs("VFdPXA"))
    );
}

/// The history form of reference §3: V≺F≺D; (V≺P or V immediately after P);
/// (P≺X or P immediately after X).
fn satisfies_history_form(order: &[char]) -> bool {
    let at = |l: char| order.iter().position(|&c| c == l).unwrap();
    let (v, f, d, p, x) = (at('V'), at('F'), at('D'), at('P'), at('X'));
    v < f && f < d && (v < p || v == p + 1) && (p < x || p == x + 1)
}

fn permutations(items: &[char]) -> Vec<Vec<char>> {
    if items.is_empty() {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for (i, &first) in items.iter().enumerate() {
        let mut rest = items.to_vec();
        rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            out.push(tail);
        }
    }
    out
}

#[test]
fn seventy_histories_match_a_brute_force_over_720_orderings() {
    let orderings = permutations(&LETTERS);
    assert_eq!(orderings.len(), 720);
    let brute: BTreeSet<String> = orderings
        .iter()
        .filter(|o| satisfies_history_form(o))
        .map(|o| o.iter().collect())
        .collect();
    assert_eq!(brute.len(), 70, "reference §3: 70 histories");

    let histories = History::all();
    assert_eq!(histories.len(), 70);
    let code: BTreeSet<String> = histories.iter().map(|h| h.to_string()).collect();
    assert_eq!(code.len(), 70, "distinct");
    assert_eq!(code, brute);

    // History::new accepts exactly the 70 and refuses the other 650.
    for o in &orderings {
        let events: [CsEvent; 6] = std::array::from_fn(|i| event(o[i]));
        let text: String = o.iter().collect();
        assert_eq!(
            History::new(events).is_some(),
            brute.contains(&text),
            "{text}"
        );
    }
}

#[test]
fn histories_are_the_complete_paths_of_the_typed_in_graph() {
    // Count paths vfdpxa → VFDPXA over the reference successor table alone.
    let table = successor_table();
    fn paths(
        state: &str,
        table: &BTreeMap<String, BTreeSet<char>>,
        out: &mut Vec<String>,
        path: String,
    ) {
        let next = &table[state];
        if next.is_empty() {
            assert_eq!(state, "VFDPXA");
            out.push(path);
            return;
        }
        for &l in next {
            paths(&raise(state, l), table, out, format!("{path}{l}"));
        }
    }
    let mut all = Vec::new();
    paths("vfdpxa", &table, &mut all, String::new());
    assert_eq!(all.len(), 70);
    let code: BTreeSet<String> = History::all().iter().map(|h| h.to_string()).collect();
    assert_eq!(all.into_iter().collect::<BTreeSet<_>>(), code);

    for h in History::all() {
        let states = h.states();
        assert_eq!(states[0], CaseState::INITIAL);
        assert_eq!(states[6], CaseState::FINAL);
        for (w, e) in states.windows(2).zip(h.events()) {
            assert_eq!(w[0].next(*e), Some(w[1]), "{h}");
        }
        assert!(h.precedes(CsEvent::VendorAware, CsEvent::FixReady));
        assert!(h.precedes(CsEvent::FixReady, CsEvent::FixDeployed));
        assert!(!h.precedes(CsEvent::FixDeployed, CsEvent::VendorAware));
        assert_eq!(serde_json::to_string(&h).unwrap(), format!("\"{h}\""));
    }
    // Best and worst histories of reference §4 are both histories.
    let best_and_worst: BTreeSet<String> = ["VFDPXA", "AXPVFD"].map(String::from).into();
    assert!(best_and_worst.is_subset(&History::all().iter().map(|h| h.to_string()).collect()));
}

#[test]
fn text_round_trips_every_valid_state() {
    for s in CaseState::all() {
        let text = s.to_string();
        assert_eq!(text.parse::<CaseState>(), Ok(s));
        assert_eq!(format!("{s:?}"), format!("CaseState({text})"));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<CaseState>(&json).unwrap(), s);
    }
}

#[test]
fn state_patterns_parse_print_and_match() {
    let p: StatePattern = "v··P··".parse().unwrap();
    assert_eq!(p.to_string(), "v··P··");
    assert_eq!("v..P..".parse::<StatePattern>(), Ok(p));
    assert_eq!("v??P??".parse::<StatePattern>(), Ok(p));
    assert_eq!(
        p,
        StatePattern::new(&[CsEvent::PublicAware], &[CsEvent::VendorAware])
    );
    assert_eq!(p.set_bits(), CsEvent::PublicAware.bit());
    assert_eq!(p.clear_bits(), CsEvent::VendorAware.bit());
    assert_eq!(serde_json::to_string(&p).unwrap(), "\"v··P··\"");
    assert_eq!(
        serde_json::from_str::<StatePattern>("\"v..P..\"").unwrap(),
        p
    );
    // Matching: `v··P··` is the four vendor-unaware public states.
    let matched: BTreeSet<String> = CaseState::all()
        .filter(|s| s.matches(p))
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        matched,
        ["vfdPxa", "vfdPxA", "vfdPXa", "vfdPXA"]
            .map(String::from)
            .into()
    );
    // A full pattern matches exactly its state; the all-wildcard pattern everything.
    for s in CaseState::all() {
        let exact: StatePattern = s.to_string().parse().unwrap();
        assert_eq!(
            CaseState::all()
                .filter(|t| t.matches(exact))
                .collect::<Vec<_>>(),
            vec![s]
        );
    }
    let any: StatePattern = "······".parse().unwrap();
    assert_eq!(CaseState::all().filter(|s| s.matches(any)).count(), 32);
    // An event both set and clear counts as set.
    let both = StatePattern::new(&[CsEvent::VendorAware], &[CsEvent::VendorAware]);
    assert_eq!(both.to_string(), "V·····");
    // Malformed patterns.
    for bad in [
        "",
        "v··P·",
        "v··P···",
        "z·····",
        "f·····",
        "v··P·*",
        "V F D ",
    ] {
        let err = bad.parse::<StatePattern>().unwrap_err();
        assert_eq!(err.text, bad, "{bad}");
        assert!(serde_json::from_str::<StatePattern>(&format!("\"{bad}\"")).is_err());
    }
}

#[test]
fn embargo_viability_and_startability() {
    // Reference §2: embargo_viable ⇔ ···pxa (4 of 32); can_start_embargo ⇔ ··dpxa
    // (vfdpxa, Vfdpxa, VFdpxa).
    let viable: BTreeSet<String> = CaseState::all()
        .filter(|s| s.is_embargo_viable())
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        viable,
        ["vfdpxa", "Vfdpxa", "VFdpxa", "VFDpxa"]
            .map(String::from)
            .into()
    );
    let startable: BTreeSet<String> = CaseState::all()
        .filter(|s| s.can_start_embargo())
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        startable,
        ["vfdpxa", "Vfdpxa", "VFdpxa"].map(String::from).into()
    );
}

#[test]
fn recording_events_in_each_scope() {
    let events =
        |r: &mpcvd::protocol::Recorded| r.in_order().map(|e| e.letter()).collect::<String>();
    // A vendor learning that the public knows becomes aware in the same step (§3 rule 2).
    let r = CsScope::Vendor
        .record(cs("vfdpxa"), CsEvent::PublicAware)
        .unwrap();
    assert_eq!(
        (r.state.to_string(), events(&r)),
        ("VfdPxa".into(), "PV".into())
    );
    // A public exploit makes the public aware at once (rule 3), then the vendor.
    let r = CsScope::Vendor
        .record(cs("vfdpxa"), CsEvent::ExploitPublic)
        .unwrap();
    assert_eq!(
        (r.state.to_string(), events(&r)),
        ("VfdPXa".into(), "XPV".into())
    );
    // An observer owns only P, X, A and its vfd letters never move.
    let r = CsScope::Observer
        .record(cs("vfdpxa"), CsEvent::ExploitPublic)
        .unwrap();
    assert_eq!(
        (r.state.to_string(), events(&r)),
        ("vfdPXa".into(), "XP".into())
    );
    let err = CsScope::Observer
        .record(cs("vfdpxa"), CsEvent::FixReady)
        .unwrap_err();
    assert_eq!(err.rule, CsRule::NotOwned(CsEvent::FixReady));
    // A deployer's deployment records the whole fix path.
    let r = CsScope::Deployer
        .record(cs("vfdpxa"), CsEvent::FixDeployed)
        .unwrap();
    assert_eq!(r.state.to_string(), "VFDpxa");
    assert!(
        CsScope::Deployer
            .record(cs("vfdpxa"), CsEvent::VendorAware)
            .is_err()
    );
    // Attacks do not force P (decision 3).
    let r = CsScope::Vendor
        .record(cs("Vfdpxa"), CsEvent::AttacksObserved)
        .unwrap();
    assert_eq!(r.state.to_string(), "VfdpxA");
    // Recording what already happened records nothing.
    let r = CsScope::Vendor
        .record(cs("VfdPxa"), CsEvent::PublicAware)
        .unwrap();
    assert!(r.events.is_empty());
    // A vendor's own fix path keeps its order.
    let err: CsError = CsScope::DeployingVendor
        .record(cs("Vfdpxa"), CsEvent::FixDeployed)
        .unwrap_err();
    assert!(matches!(err.rule, CsRule::Prerequisite(_)));
    // A vendor without the deployer role never records D (reference §6).
    let err: CsError = CsScope::Vendor
        .record(cs("VFdpxa"), CsEvent::FixDeployed)
        .unwrap_err();
    assert_eq!(err.rule, CsRule::NotOwned(CsEvent::FixDeployed));
    // Ownership per scope.
    let owned = |s: CsScope| s.owned().iter().map(|e| e.letter()).collect::<String>();
    assert_eq!(owned(CsScope::DeployingVendor), "VFDPXA");
    assert_eq!(owned(CsScope::Vendor), "VFPXA");
    assert_eq!(owned(CsScope::Deployer), "DPXA");
    assert_eq!(owned(CsScope::Observer), "PXA");
}
