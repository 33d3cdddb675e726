//! Every cell of the send and receive tables: each of the 28 message types, each of
//! the 63 non-empty role sets, each representable `(RM, EM, CS)` state and both
//! settings of the attacks option, against the formal definition written out here
//! row by row (Vultron `docs/reference/formal_protocol/transitions.md`, snapshot
//! 6883299), with mpcvd's documented decisions (`docs/DESIGN.md`, "Decisions on the
//! message tables") applied on top, each marked `decision:`.
//!
//! The rows are transcribed in the formal notation (`···pxa`, `{N,P}`, `¬C`), not
//! derived from the crate's rule tables, so a change to `message::send` or
//! `message::receive` shows up here as the cell that moved; the per-outcome totals
//! at the end pin the whole table.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::BTreeMap;

use mpcvd::cs::CaseState;
use mpcvd::em::EmState;
use mpcvd::message::{Caution, MessageType, Outcome, receive, send};
use mpcvd::protocol::{ProtocolOptions, ProtocolState};
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};
use mpcvd::set::Set;
use strum::IntoEnumIterator;

use EmState::{Active as A, Exited as X, None as N, Proposed as P, Revise as R};
use MessageType as M;

// ----- notation ------------------------------------------------------------------------

/// A CS pattern in the formal notation: six characters, `·` any.
fn matches(pattern: &str, cs: CaseState) -> bool {
    let text = cs.to_string();
    pattern
        .chars()
        .zip(text.chars())
        .all(|(p, c)| p == '·' || p == c)
}

fn has(cs: CaseState, letter: char) -> bool {
    cs.to_string().contains(letter)
}

fn set_letter(cs: CaseState, letter: char) -> CaseState {
    let mut text: Vec<char> = cs.to_string().chars().collect();
    let at = "VFDPXA".find(letter).unwrap();
    text[at] = letter;
    text.into_iter().collect::<String>().parse().unwrap()
}

fn not_closed(rm: RmState) -> bool {
    rm != RmState::Closed
}

/// The EM teardown the CS rows name: `P →r N`, `{A,R} →t X`.
fn teardown(em: EmState) -> EmState {
    match em {
        P => N,
        A | R => X,
        other => other,
    }
}

/// The cross-model invariants of reference §6 (`cross_machine_invariants.py`).
fn consistent(rm: RmState, em: EmState, cs: CaseState) -> bool {
    let in_force = matches!(em, A | R);
    !(in_force && (has(cs, 'P') || has(cs, 'X')))
        && (!has(cs, 'F') || matches!(rm, RmState::Accepted | RmState::Deferred | RmState::Closed))
        && (!has(cs, 'X') || has(cs, 'P'))
}

// ----- who owns which letters (reference §6 role start states) ------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
struct Powers {
    vendor: bool,
    deployer: bool,
}

fn powers(roles: RoleSet) -> Powers {
    Powers {
        vendor: roles.contains(Role::Vendor),
        deployer: roles.contains(Role::Deployer),
    }
}

// ----- the send tables -------------------------------------------------------------------

/// What the model says of a send: the next state, the messages, the cautions.
type SendCell = Option<(ProtocolState, Vec<MessageType>, Set<Caution>)>;

fn q(rm: RmState, em: EmState, cs: CaseState) -> Option<ProtocolState> {
    if consistent(rm, em, cs) {
        Some(ProtocolState::new(rm, em, cs).unwrap())
    } else {
        None
    }
}

/// RM send table (transitions.md, "RM Messages Sent and State Transitions").
fn rm_send(m: MessageType, rm: RmState) -> Option<Option<RmState>> {
    use RmState::{
        Accepted as RA, Closed as RC, Deferred as RD, Invalid as RI, Received as RR, Valid as RV,
    };
    // Some(None): allowed, no RM change; Some(Some(to)): allowed, RM moves.
    let row: (&[RmState], Option<RmState>) = match m {
        M::RS => (&[RA], None),
        // Formal `*,{R,V},*`; decision 2: R only (the RM machine has no V → I).
        M::RI => (&[RR], Some(RI)),
        M::RV => (&[RR, RI], Some(RV)),
        M::RD => (&[RV, RA], Some(RD)),
        M::RA => (&[RV, RD], Some(RA)),
        M::RC => (&[RI, RD, RA], Some(RC)),
        // `*,*,*`.
        M::RE | M::RK => return Some(None),
        _ => unreachable!(),
    };
    row.0.contains(&rm).then_some(row.1)
}

/// EM send table (transitions.md, "EM Messages Sent and State Transitions"); every
/// row needs `¬C`, the negotiating rows `···pxa`.
fn em_send(m: MessageType, rm: RmState, em: EmState, cs: CaseState) -> Option<EmState> {
    if !not_closed(rm) {
        return None;
    }
    let pxa = matches("···pxa", cs);
    match (m, em) {
        (M::EP, N | P) if pxa => Some(P),
        // decision: EA needs only `···pxa` (issue 12; was `··dpxa`).
        (M::EA, P) if pxa => Some(A),
        (M::EV, A | R) if pxa => Some(R),
        (M::EJ | M::EC, R) if pxa => Some(A),
        (M::ER, P) => Some(N),
        (M::ET, A | R) => Some(X),
        (M::EK | M::EE, _) => Some(em),
        _ => None,
    }
}

/// decision: SHOULD-level cautions (reference §2 CS↔EM at F and D).
fn cautions(m: MessageType, cs: CaseState) -> Set<Caution> {
    match m {
        M::EP | M::EV if has(cs, 'F') => Set::only(Caution::NegotiationAfterFix),
        M::EA if has(cs, 'F') => Set::only(Caution::AcceptanceAfterFix),
        _ => Set::EMPTY,
    }
}

/// The CS rows for P, X, A (transitions.md, "CS Messages Sent"), shared by send and
/// receive: the letters set, then the EM teardown. `None` if the event happened.
fn public_event(
    m: MessageType,
    cs: CaseState,
    vendor: bool,
    options: ProtocolOptions,
) -> Option<(CaseState, Vec<MessageType>, bool)> {
    let mut next = cs;
    let mut extra = Vec::new();
    let ends = match m {
        M::CP if matches("···p··", cs) => {
            next = set_letter(next, 'P');
            true
        }
        // `···px·` → X+P, sent as CX+CP; `···Px·` → X.
        M::CX if matches("···px·", cs) => {
            next = set_letter(set_letter(next, 'X'), 'P');
            extra.push(M::CP);
            true
        }
        M::CX if matches("···Px·", cs) => {
            next = set_letter(next, 'X');
            true
        }
        // decision 3: CA sets A only. The option decides whether A ends an embargo.
        M::CA if matches("·····a", cs) => {
            next = set_letter(next, 'A');
            options.attacks_end_embargo
        }
        _ => return None,
    };
    // Reference §3 rule 2: `v··P··` only takes V; a vendor records it at once.
    if vendor && !has(next, 'V') && has(next, 'P') {
        next = set_letter(next, 'V');
        extra.push(M::CV);
    }
    Some((next, extra, ends))
}

fn model_send(
    m: MessageType,
    s: ProtocolState,
    roles: RoleSet,
    options: ProtocolOptions,
) -> SendCell {
    let (rm, em, cs) = (s.rm(), s.em(), s.cs());
    let who = powers(roles);
    let same = |msgs: Vec<MessageType>| Some((s, msgs, Set::EMPTY));
    match m {
        M::RS | M::RI | M::RV | M::RD | M::RA | M::RC | M::RK | M::RE => {
            let to = rm_send(m, rm)?;
            let next = q(to.unwrap_or(rm), em, cs)?;
            Some((next, vec![m], Set::EMPTY))
        }
        M::EP | M::ER | M::EA | M::EV | M::EJ | M::EC | M::ET | M::EK | M::EE => {
            let to = em_send(m, rm, em, cs)?;
            Some((q(rm, to, cs)?, vec![m], cautions(m, cs)))
        }
        // General send table: `*,*,*`.
        M::GI | M::GK | M::GE => same(vec![m]),
        // Not in the CS send table; decision: like EK/EE, `*,¬C,*`.
        M::CK | M::CE => not_closed(rm).then(|| (s, vec![m], Set::EMPTY)),
        M::CV => {
            // Formal `vfd···,S,*` → V and `S →r R`. decision: the vendor records V
            // from any open RM state and its RM state stays; decision: the
            // notifier (a non-vendor) may send it from A, where RS is sent, and
            // does not change (messages.md: "sent by notifier or vendor").
            if !who.vendor {
                return (rm == RmState::Accepted).then(|| (s, vec![m], Set::EMPTY));
            }
            if !not_closed(rm) || !matches("v·····", cs) {
                return None;
            }
            Some((q(rm, em, set_letter(cs, 'V'))?, vec![m], Set::EMPTY))
        }
        M::CF => {
            // Formal `Vfd···,¬C,*`; decision: vendors only, and only in A
            // (reference §1: vendors create fixes only in Accepted).
            // decision (`CsScope::record`): a vendor's view `v··P··` (one it cannot
            // hold, since public awareness makes it aware at once, but representable)
            // is settled first: V is recorded and announced after the message.
            let (cs, msgs) = if who.vendor && matches("v··P··", cs) {
                (set_letter(cs, 'V'), vec![m, M::CV])
            } else {
                (cs, vec![m])
            };
            if !who.vendor || rm != RmState::Accepted || !matches("Vfd···", cs) {
                return None;
            }
            Some((q(rm, em, set_letter(cs, 'F'))?, msgs, Set::EMPTY))
        }
        M::CD => {
            // Formal `VFd···,¬C,*`; decision: deployers only (reference §6:
            // "Vendors without deployment capability never reach VFD"), only in A;
            // a deployer that is not the vendor records the whole path vfd → VFD.
            if !who.deployer || rm != RmState::Accepted || has(cs, 'D') {
                return None;
            }
            let next = if who.vendor {
                if !matches("VFd···", cs) {
                    return None;
                }
                set_letter(cs, 'D')
            } else {
                set_letter(set_letter(set_letter(cs, 'V'), 'F'), 'D')
            };
            Some((q(rm, em, next)?, vec![m], Set::EMPTY))
        }
        M::CP | M::CX | M::CA => {
            if !not_closed(rm) {
                return None;
            }
            let (next_cs, extra, ends) = public_event(m, cs, who.vendor, options)?;
            let next_em = if ends { teardown(em) } else { em };
            let mut msgs = vec![m];
            msgs.extend(extra);
            // decision (issue 21): the EM message of the teardown, from the sender in
            // the same step; ER before the CS messages, ET after them.
            match (em, next_em) {
                (P, N) => msgs.insert(0, M::ER),
                (A | R, X) => msgs.push(M::ET),
                _ => {}
            }
            Some((q(rm, next_em, next_cs)?, msgs, Set::EMPTY))
        }
        _ => unreachable!("{m}"),
    }
}

// ----- the receive tables ----------------------------------------------------------------

type ReceiveCell = (ProtocolState, Outcome, Vec<MessageType>);

fn model_receive(
    m: MessageType,
    s: ProtocolState,
    roles: RoleSet,
    options: ProtocolOptions,
) -> ReceiveCell {
    use Outcome::{Applied, EmbargoRefused, Ignored, Unchanged, Unexpected};
    let (rm, em, cs) = (s.rm(), s.em(), s.cs());
    let who = powers(roles);
    let moved = |next: ProtocolState, replies: Vec<MessageType>| {
        let outcome = if next == s { Unchanged } else { Applied };
        (next, outcome, replies)
    };
    let same = |outcome, replies: Vec<MessageType>| (s, outcome, replies);
    // RM receive table, first row: `* | *,C,* | -,-,- | -`. decision: it covers every
    // model (a closed receiver ignores E*, C*, G* too; the general table's `*,*,*`
    // rows would answer GI, GE).
    if rm == RmState::Closed {
        return same(Ignored, vec![]);
    }
    match m {
        M::RS => {
            let rm2 = if rm == RmState::Start {
                RmState::Received
            } else {
                rm
            };
            // Formal: RK, CV (vendor), also to a vendor already `V·····`. decision:
            // CV only from a vendor newly aware (the newer specs and the behaviour
            // tree answer a duplicate RS with RK only).
            if who.vendor && matches("v·····", cs) {
                moved(q(rm2, em, set_letter(cs, 'V')).unwrap(), vec![M::RK, M::CV])
            } else {
                moved(q(rm2, em, cs).unwrap(), vec![M::RK])
            }
        }
        M::RI | M::RV | M::RD | M::RA | M::RC if rm == RmState::Start => {
            same(Unexpected, vec![M::RE, M::GI])
        }
        M::RI | M::RV | M::RD | M::RA | M::RC => same(Unchanged, vec![M::RK]),
        M::RE => same(Unchanged, vec![M::RK, M::GI]),
        M::RK | M::EK | M::CK | M::GK => same(Ignored, vec![]),
        // EM receive table.
        M::EE => same(Unchanged, vec![M::EK, M::GI]),
        M::EP | M::ER | M::EA | M::EV | M::EJ | M::EC | M::ET => {
            let pxa = matches("···pxa", cs);
            let to = |em2| q(rm, em2, cs).unwrap();
            match (m, em, pxa) {
                (M::EP, N, true) => moved(to(P), vec![M::EK]),
                (M::EP, P, true) => moved(to(P), vec![M::EK]),
                (M::EA, P, true) => moved(to(A), vec![M::EK]),
                (M::EV, A | R, true) => moved(to(R), vec![M::EK]),
                (M::EJ | M::EC, R, true) => moved(to(A), vec![M::EK]),
                (M::ER, P, _) => moved(to(N), vec![M::EK]),
                (M::ET, A | R, _) => moved(to(X), vec![M::EK]),
                (M::ET, X, _) => moved(to(X), vec![M::EK]),
                (M::EP, N, false) => (s, EmbargoRefused, vec![M::ER]),
                (M::EP | M::EA, P, false) => (to(N), EmbargoRefused, vec![M::ER]),
                (M::EV, A | R, false) | (M::EJ | M::EC, R, false) => {
                    (to(X), EmbargoRefused, vec![M::ET])
                }
                // "Any EM msg. not addressed above → EE" (so EJ/EC in A, issue 21).
                _ => same(Unexpected, vec![M::EE]),
            }
        }
        // CS receive table.
        M::CV | M::CF | M::CD => same(Unchanged, vec![M::CK]),
        M::CE => same(Unchanged, vec![M::CK, M::GI]),
        M::CP | M::CX | M::CA => match public_event(m, cs, who.vendor, options) {
            None => same(Unchanged, vec![M::CK]),
            Some((next_cs, extra, ends)) => {
                let next_em = if ends { teardown(em) } else { em };
                // Formal: CK. decision: CK only, no ER/ET from receivers (the
                // sender announced the teardown); a vendor made aware adds CV.
                let mut replies = vec![M::CK];
                if extra.contains(&M::CV) {
                    replies.push(M::CV);
                }
                moved(q(rm, next_em, next_cs).unwrap(), replies)
            }
        },
        // General receive table.
        M::GI => same(Unchanged, vec![M::GK]),
        M::GE => same(Unchanged, vec![M::GI]),
        _ => unreachable!("{m}"),
    }
}

// ----- the sweep ---------------------------------------------------------------------------

fn all_role_sets() -> Vec<RoleSet> {
    let roles: Vec<Role> = Role::iter().collect();
    assert_eq!(roles.len(), 6);
    (1u32..64)
        .map(|mask| {
            roles
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, &r)| r)
                .collect()
        })
        .collect()
}

fn all_states() -> Vec<ProtocolState> {
    let mut out = Vec::new();
    for rm in RmState::iter() {
        for em in EmState::iter() {
            for cs in CaseState::all() {
                let made = ProtocolState::new(rm, em, cs);
                assert_eq!(made.is_ok(), consistent(rm, em, cs), "({rm}, {em}, {cs})");
                out.extend(made);
            }
        }
    }
    out
}

/// Per message: (sends allowed, sends refused, receive outcome counts).
type Tally = BTreeMap<MessageType, (usize, usize, BTreeMap<String, usize>)>;

fn sweep(messages: &[MessageType]) -> Tally {
    let states = all_states();
    let role_sets = all_role_sets();
    assert_eq!(role_sets.len(), 63);
    let mut tally = Tally::new();
    for &m in messages {
        let entry = tally.entry(m).or_default();
        for &roles in &role_sets {
            for &s in &states {
                for attacks_end_embargo in [true, false] {
                    let options = ProtocolOptions {
                        attacks_end_embargo,
                    };
                    let ctx = format!("{m} in {s} as {roles} ({options:?})");
                    match (model_send(m, s, roles, options), send(m, s, roles, options)) {
                        (Some((next, msgs, warn)), Ok(sent)) => {
                            assert_eq!(sent.state, next, "send {ctx}");
                            assert_eq!(sent.messages, &msgs[..], "send {ctx}");
                            assert_eq!(sent.cautions, warn, "send {ctx}");
                            entry.0 += 1;
                        }
                        (None, Err(_)) => entry.1 += 1,
                        (model, crate_says) => {
                            panic!("send {ctx}: model {model:?}, crate {crate_says:?}")
                        }
                    }
                    let (next, outcome, replies) = model_receive(m, s, roles, options);
                    let got = receive(m, s, roles, options);
                    assert_eq!(
                        (got.state, got.outcome, got.replies),
                        (next, outcome, &replies[..]),
                        "receive {ctx}"
                    );
                    *entry.2.entry(format!("{outcome:?}")).or_default() += 1;
                }
            }
        }
    }
    tally
}

macro_rules! sweeps {
    ($($name:ident: [$($m:ident),*] => $expected:expr;)*) => {$(
        #[test]
        fn $name() {
            let tally = sweep(&[$(M::$m),*]);
            let summary: Vec<String> = tally
                .iter()
                .map(|(m, (ok, no, outcomes))| {
                    let o: Vec<String> =
                        outcomes.iter().map(|(k, n)| format!("{k} {n}")).collect();
                    format!("{m}: send {ok}/{no}; receive {}", o.join(", "))
                })
                .collect();
            let expected: &[&str] = &$expected;
            assert_eq!(summary, expected);
        }
    )*};
}

// The totals over 63 role sets × 440 states × 2 options = 55,440 cells per message.
// A change to a rule changes a count here; the cell that moved is named by the
// sweep's assertion first.
sweeps! {
    report_messages: [RS, RI, RV, RD, RA, RC, RK, RE] => [
        "RS: send 11088/44352; receive Applied 12584, Ignored 11088, Unchanged 31768",
        "RI: send 5544/49896; receive Ignored 11088, Unchanged 38808, Unexpected 5544",
        "RV: send 11088/44352; receive Ignored 11088, Unchanged 38808, Unexpected 5544",
        "RD: send 16632/38808; receive Ignored 11088, Unchanged 38808, Unexpected 5544",
        "RA: send 16632/38808; receive Ignored 11088, Unchanged 38808, Unexpected 5544",
        "RC: send 27720/27720; receive Ignored 11088, Unchanged 38808, Unexpected 5544",
        "RK: send 55440/0; receive Ignored 55440",
        "RE: send 55440/0; receive Ignored 11088, Unchanged 44352",
    ];
    embargo_messages: [EP, ER, EA, EV, EJ, EC, ET, EK, EE] => [
        "EP: send 4032/51408; receive Applied 2016, EmbargoRefused 20160, Ignored 11088, Unchanged 2016, Unexpected 20160",
        "ER: send 12096/43344; receive Applied 12096, Ignored 11088, Unexpected 32256",
        "EA: send 2016/53424; receive Applied 2016, EmbargoRefused 10080, Ignored 11088, Unexpected 32256",
        "EV: send 4032/51408; receive Applied 2016, EmbargoRefused 4032, Ignored 11088, Unchanged 2016, Unexpected 36288",
        "EJ: send 2016/53424; receive Applied 2016, EmbargoRefused 2016, Ignored 11088, Unexpected 40320",
        "EC: send 2016/53424; receive Applied 2016, EmbargoRefused 2016, Ignored 11088, Unexpected 40320",
        "ET: send 8064/47376; receive Applied 8064, Ignored 11088, Unchanged 12096, Unexpected 24192",
        "EK: send 44352/11088; receive Ignored 55440",
        "EE: send 44352/11088; receive Ignored 11088, Unchanged 44352",
    ];
    case_state_messages: [CV, CF, CD, CP, CX, CA, CK, CE] => [
        "CV: send 13904/41536; receive Ignored 11088, Unchanged 44352",
        "CF: send 2176/53264; receive Ignored 11088, Unchanged 44352",
        "CD: send 2816/52624; receive Ignored 11088, Unchanged 44352",
        "CP: send 20160/35280; receive Applied 20160, Ignored 11088, Unchanged 24192",
        "CX: send 32256/23184; receive Applied 32256, Ignored 11088, Unchanged 12096",
        "CA: send 22176/33264; receive Applied 22176, Ignored 11088, Unchanged 22176",
        "CK: send 44352/11088; receive Ignored 55440",
        "CE: send 44352/11088; receive Ignored 11088, Unchanged 44352",
    ];
    general_messages: [GI, GK, GE] => [
        "GI: send 55440/0; receive Ignored 11088, Unchanged 44352",
        "GK: send 55440/0; receive Ignored 55440",
        "GE: send 55440/0; receive Ignored 11088, Unchanged 44352",
    ];
}

#[test]
fn the_sweep_covers_every_message_type() {
    assert_eq!(MessageType::all().count(), 28);
    assert_eq!(all_states().len(), 440);
}
