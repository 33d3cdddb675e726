//! The 28 message types against reference §5: for each type, its send precondition
//! and sender effect and its receive effect (next state, outcome, replies) checked
//! over every consistent participant state, several role sets and both settings of
//! the attacks option, against a model of §5 written here; then the documented
//! decisions where the sources disagree, one literal case at a time; then codes and
//! groupings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::BTreeSet;

use mpcvd::cs::{CaseState, CsEvent, CsRule};
use mpcvd::em::EmState;
use mpcvd::message::{
    CaseRequirement, Caution, MessageKind, MessageModel, MessageType, Outcome, SendError, receive,
    send,
};
use mpcvd::protocol::{ProtocolOptions, ProtocolState};
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};
use mpcvd::set::Set;
use strum::IntoEnumIterator;

use MessageType as M;

// ---------------------------------------------------------------------------------
// The model of reference §5, written independently of the crate's rule tables.
// ---------------------------------------------------------------------------------

const V: u8 = 1;
const F: u8 = 2;
const D: u8 = 4;
const P: u8 = 8;
const X: u8 = 16;
const A: u8 = 32;

fn bit(e: CsEvent) -> u8 {
    match e {
        CsEvent::VendorAware => V,
        CsEvent::FixReady => F,
        CsEvent::FixDeployed => D,
        CsEvent::PublicAware => P,
        CsEvent::ExploitPublic => X,
        CsEvent::AttacksObserved => A,
    }
}

fn announcing(e: CsEvent) -> MessageType {
    match e {
        CsEvent::VendorAware => M::CV,
        CsEvent::FixReady => M::CF,
        CsEvent::FixDeployed => M::CD,
        CsEvent::PublicAware => M::CP,
        CsEvent::ExploitPublic => M::CX,
        CsEvent::AttacksObserved => M::CA,
    }
}

fn announced(m: MessageType) -> Option<CsEvent> {
    CsEvent::ALL.into_iter().find(|&e| announcing(e) == m)
}

/// Which letters a participant owns (reference §6 role start states).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// A vendor that does not deploy: owns V and F, never D (reference §6).
    Vendor,
    /// A vendor that also deploys: owns V, F and D.
    DeployingVendor,
    Deployer,
    Observer,
}

fn is_vendor(scope: Scope) -> bool {
    matches!(scope, Scope::Vendor | Scope::DeployingVendor)
}

fn scope(roles: RoleSet) -> Scope {
    if roles.contains(Role::Vendor) && roles.contains(Role::Deployer) {
        Scope::DeployingVendor
    } else if roles.contains(Role::Vendor) {
        Scope::Vendor
    } else if roles.contains(Role::Deployer) {
        Scope::Deployer
    } else {
        Scope::Observer
    }
}

/// Reference §3 rules: an event happens once; F needs V, D needs F; `v··P··` only
/// takes V; `···pX·` only takes P.
fn cs_allows(bits: u8, e: u8) -> bool {
    if bits & e != 0 || (e == F && bits & V == 0) || (e == D && bits & F == 0) {
        return false;
    }
    if bits & V == 0 && bits & P != 0 {
        return e == V;
    }
    if bits & P == 0 && bits & X != 0 {
        return e == P;
    }
    true
}

fn event_of(b: u8) -> CsEvent {
    CsEvent::ALL.into_iter().find(|&e| bit(e) == b).unwrap()
}

/// Records `e` for a participant of `scope`, with the forced follow-ups; `None` if
/// the participant may not record it. Returns the new bits and the events in order.
fn record(scope: Scope, bits: u8, e: u8) -> Option<(u8, Vec<u8>)> {
    let mut b = bits;
    let mut order = Vec::new();
    let settle = |b: &mut u8, order: &mut Vec<u8>| {
        loop {
            if *b & P == 0 && *b & X != 0 {
                *b |= P;
                order.push(P);
            } else if is_vendor(scope) && *b & V == 0 && *b & P != 0 {
                *b |= V;
                order.push(V);
            } else {
                break;
            }
        }
    };
    match scope {
        Scope::Vendor if e == D => return None,
        Scope::Vendor | Scope::DeployingVendor => {
            settle(&mut b, &mut order);
            if b & e == 0 {
                if !cs_allows(b, e) {
                    return None;
                }
                b |= e;
                order.push(e);
            }
        }
        // "Deploying records the whole fix path" (CsScope::Deployer docs).
        Scope::Deployer if e == D => {
            b |= V | F | D;
            order.push(D);
        }
        _ if e & (V | F | D) != 0 => return None,
        _ => {
            b |= e;
            order.push(e);
        }
    }
    settle(&mut b, &mut order);
    Some((b, order))
}

/// The cross-model invariants `ProtocolState` documents (reference §6 and
/// `cross_machine_invariants.py`): an embargo in force only while `···px·`; a fix
/// only in A, D or C; never `···pX·`.
fn consistent(rm: RmState, em: EmState, bits: u8) -> bool {
    let in_force = matches!(em, EmState::Active | EmState::Revise);
    !(in_force && bits & (P | X) != 0)
        && (bits & F == 0 || matches!(rm, RmState::Accepted | RmState::Deferred | RmState::Closed))
        && !(bits & X != 0 && bits & P == 0)
}

fn state(rm: RmState, em: EmState, bits: u8) -> ProtocolState {
    ProtocolState::new(rm, em, CaseState::from_bits(bits).unwrap()).unwrap()
}

/// The EM teardown of reference §2: a proposal is rejected, an embargo in force ends.
fn teardown(em: EmState) -> EmState {
    match em {
        EmState::Proposed => EmState::None,
        EmState::Active | EmState::Revise => EmState::Exited,
        other => other,
    }
}

fn ends_embargo(e: u8, options: ProtocolOptions) -> bool {
    e == P || e == X || (e == A && options.attacks_end_embargo)
}

/// Reference §1: the RM table (source, target) of the action each RM message announces.
fn rm_rows(m: MessageType) -> &'static [(RmState, RmState)] {
    use RmState::{
        Accepted as A_, Closed as C_, Deferred as D_, Invalid as I_, Received as R_, Valid as V_,
    };
    match m {
        // Decision 2: RI only on R → I.
        M::RI => &[(R_, I_)],
        M::RV => &[(R_, V_), (I_, V_)],
        M::RD => &[(V_, D_), (A_, D_)],
        M::RA => &[(V_, A_), (D_, A_)],
        M::RC => &[(I_, C_), (D_, C_), (A_, C_)],
        _ => &[],
    }
}

/// Reference §5: the EM (source, target) each EM statement announces.
fn em_rows(m: MessageType) -> &'static [(EmState, EmState)] {
    use EmState::{Active as A_, Exited as X_, None as N_, Proposed as P_, Revise as R_};
    match m {
        M::EP => &[(N_, P_), (P_, P_)],
        M::ER => &[(P_, N_)],
        M::EA => &[(P_, A_)],
        M::EV => &[(A_, R_), (R_, R_)],
        M::EJ => &[(R_, A_)],
        M::EC => &[(R_, A_)],
        M::ET => &[(A_, X_), (R_, X_)],
        _ => &[],
    }
}

fn sender_rm_allowed(m: MessageType) -> Set<RmState> {
    let not_closed = Set::all().without(RmState::Closed);
    match m {
        M::RS | M::CF | M::CD => Set::only(RmState::Accepted),
        M::RI | M::RV | M::RD | M::RA | M::RC => rm_rows(m).iter().map(|r| r.0).collect(),
        // GI, and the replies RK, RE, GK, GE: "*,*,*" in the formal send tables.
        M::GI | M::RK | M::RE | M::GK | M::GE => Set::all(),
        _ => not_closed,
    }
}

fn sender_em_allowed(m: MessageType) -> Set<EmState> {
    match em_rows(m) {
        [] => Set::all(),
        rows => rows.iter().map(|r| r.0).collect(),
    }
}

/// EP, EA, EV, EJ, EC need `···pxa` (the formal EM send table; EA at F or D is a
/// SHOULD-level caution, not a refusal); the rest any case state.
fn case_requirement(m: MessageType) -> CaseRequirement {
    match m {
        M::EP | M::EA | M::EV | M::EJ | M::EC => CaseRequirement::EmbargoViable,
        _ => CaseRequirement::Any,
    }
}

fn case_ok(req: CaseRequirement, bits: u8) -> bool {
    match req {
        CaseRequirement::EmbargoViable => bits & (P | X | A) == 0,
        _ => true,
    }
}

/// CV and CF only from a vendor, CD only from a deployer (reference §6: vendors
/// without deployment capability never reach VFD).
fn required_roles(m: MessageType) -> RoleSet {
    match m {
        M::CV | M::CF => RoleSet::of(&[Role::Vendor]),
        M::CD => RoleSet::of(&[Role::Deployer]),
        _ => RoleSet::EMPTY,
    }
}

/// SHOULD-level cautions: EP/EV once a fix is ready (negotiation), EA then
/// (acceptance); reference §2 "F: new negotiations SHOULD NOT start; pending
/// proposals SHOULD be rejected", "D: new embargoes SHOULD NOT be sought".
fn model_cautions(m: MessageType, bits: u8) -> Set<Caution> {
    match m {
        M::EP | M::EV if bits & F != 0 => Set::only(Caution::NegotiationAfterFix),
        M::EA if bits & F != 0 => Set::only(Caution::AcceptanceAfterFix),
        _ => Set::EMPTY,
    }
}

/// Why the model refuses a send (any failing precondition is an acceptable answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    Role,
    Report,
    Embargo,
    Case,
    Event,
    Invariant,
}

/// The sender's next state and the messages it emits, or every reason to refuse.
fn model_send(
    m: MessageType,
    q: ProtocolState,
    roles: RoleSet,
    options: ProtocolOptions,
) -> Result<(ProtocolState, Vec<MessageType>), Vec<Why>> {
    let (rm, em, bits) = (q.rm(), q.em(), q.cs().bits());
    let mut why = Vec::new();
    let required = required_roles(m);
    if !required.is_empty() && !required.iter().any(|r| roles.contains(r)) {
        // CV "sent by notifier or vendor": a non-vendor in A (where RS is sent)
        // reports the vendor it notified; its own state does not change.
        if m == M::CV {
            return if rm == RmState::Accepted {
                Ok((q, vec![M::CV]))
            } else {
                Err(vec![Why::Report])
            };
        }
        why.push(Why::Role);
    }
    if !sender_rm_allowed(m).contains(rm) {
        why.push(Why::Report);
    }
    if !sender_em_allowed(m).contains(em) {
        why.push(Why::Embargo);
    }
    if !case_ok(case_requirement(m), bits) {
        why.push(Why::Case);
    }
    let mut next = (rm, em, bits);
    let mut messages = vec![m];
    if let Some(&(_, to)) = rm_rows(m).iter().find(|r| r.0 == rm) {
        next.0 = to;
    }
    if let Some(&(_, to)) = em_rows(m).iter().find(|r| r.0 == em) {
        next.1 = to;
    }
    if let Some(e) = announced(m) {
        match record(scope(roles), bits, bit(e)) {
            Some((b, order)) if bits & bit(e) == 0 => {
                next.2 = b;
                if order.iter().any(|&r| ends_embargo(r, options)) {
                    next.1 = teardown(em);
                }
                // The message itself first, then every other event it recorded.
                messages.extend(
                    order
                        .iter()
                        .filter(|&&r| r != bit(e))
                        .map(|&r| announcing(event_of(r))),
                );
                // The EM message of the teardown (transitions.md, CS send table tip):
                // ER (P → N) before, ET (A/R → X) after.
                match (em, next.1) {
                    (EmState::Proposed, EmState::None) => messages.insert(0, M::ER),
                    (EmState::Active | EmState::Revise, EmState::Exited) => messages.push(M::ET),
                    _ => {}
                }
            }
            _ => why.push(Why::Event),
        }
    }
    if why.is_empty() && !consistent(next.0, next.1, next.2) {
        why.push(Why::Invariant);
    }
    if why.is_empty() {
        Ok((state(next.0, next.1, next.2), messages))
    } else {
        Err(why)
    }
}

/// The receiver's next state, outcome and replies (reference §5 receiver transitions).
fn model_receive(
    m: MessageType,
    q: ProtocolState,
    roles: RoleSet,
    options: ProtocolOptions,
) -> (ProtocolState, Outcome, Vec<MessageType>) {
    use Outcome::{Applied, EmbargoRefused, Ignored, Unchanged, Unexpected};
    let (rm, em, bits) = (q.rm(), q.em(), q.cs().bits());
    let same = |outcome, replies: &[MessageType]| (q, outcome, replies.to_vec());
    // Any message when the receiver is closed: no change, no response.
    if rm == RmState::Closed {
        return same(Ignored, &[]);
    }
    let changed = |next: ProtocolState, replies: Vec<MessageType>| {
        let outcome = if next == q { Unchanged } else { Applied };
        (next, outcome, replies)
    };
    match m {
        M::RS => {
            let rm2 = if rm == RmState::Start {
                RmState::Received
            } else {
                rm
            };
            if is_vendor(scope(roles)) && bits & V == 0 {
                changed(state(rm2, em, bits | V), vec![M::RK, M::CV])
            } else {
                changed(state(rm2, em, bits), vec![M::RK])
            }
        }
        M::RI | M::RV | M::RD | M::RA | M::RC if rm == RmState::Start => {
            same(Unexpected, &[M::RE, M::GI])
        }
        M::RI | M::RV | M::RD | M::RA | M::RC => same(Unchanged, &[M::RK]),
        M::RE => same(Unchanged, &[M::RK, M::GI]),
        M::RK | M::EK | M::CK | M::GK => same(Ignored, &[]),
        M::EE => same(Unchanged, &[M::EK, M::GI]),
        M::CE => same(Unchanged, &[M::CK, M::GI]),
        M::GI => same(Unchanged, &[M::GK]),
        M::GE => same(Unchanged, &[M::GI]),
        M::CV | M::CF | M::CD => same(Unchanged, &[M::CK]),
        M::CP | M::CX | M::CA => {
            let e = bit(announced(m).unwrap());
            if bits & e != 0 {
                return same(Unchanged, &[M::CK]);
            }
            let (b, order) = record(scope(roles), bits, e).unwrap();
            let em2 = if order.iter().any(|&r| ends_embargo(r, options)) {
                teardown(em)
            } else {
                em
            };
            let replies = if order.contains(&V) {
                vec![M::CK, M::CV]
            } else {
                vec![M::CK]
            };
            changed(state(rm, em2, b), replies)
        }
        _ => {
            // EM statements.
            let viable = bits & (P | X | A) == 0;
            let row = em_rows(m).iter().find(|r| r.0 == em);
            use EmState::{Active, None as N_, Proposed, Revise};
            if !viable {
                // "If CS not ···pxa: EP in N → no change, reply ER; EP/EA in P → r to
                // N, reply ER; EV/EJ/EC in {A,R} → t to X, reply ET." ER and ET are
                // allowed in any case state.
                // EJ/EC in A have no row: the catch-all's EE (below).
                let refuse = match (m, em) {
                    (M::EP, N_ | Proposed) | (M::EA, Proposed) => Some(M::ER),
                    (M::EV, Active | Revise) | (M::EJ | M::EC, Revise) => Some(M::ET),
                    _ => None,
                };
                if let Some(reply) = refuse {
                    return (state(rm, teardown(em), bits), EmbargoRefused, vec![reply]);
                }
            }
            if m == M::ET && em == EmState::Exited {
                return same(Unchanged, &[M::EK]);
            }
            match row {
                Some(&(_, to)) => changed(state(rm, to, bits), vec![M::EK]),
                None => same(Unexpected, &[M::EE]),
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// The sweep: the crate against the model, for one message type.
// ---------------------------------------------------------------------------------

fn all_states() -> Vec<ProtocolState> {
    let mut out = Vec::new();
    for rm in RmState::iter() {
        for em in EmState::iter() {
            for cs in CaseState::all() {
                if let Ok(q) = ProtocolState::new(rm, em, cs) {
                    assert!(consistent(rm, em, cs.bits()), "{q}");
                    out.push(q);
                } else {
                    assert!(!consistent(rm, em, cs.bits()), "({rm}, {em}, {cs})");
                }
            }
        }
    }
    out
}

fn role_sets() -> Vec<RoleSet> {
    use Role::*;
    [
        &[Finder, Reporter][..],
        &[Vendor],
        &[Deployer],
        &[Coordinator],
        &[Other],
        &[Vendor, Deployer],
        &[Finder, Vendor],
        &[Deployer, Coordinator],
        &[],
    ]
    .iter()
    .map(|r| RoleSet::of(r))
    .collect()
}

const ON: ProtocolOptions = ProtocolOptions {
    attacks_end_embargo: true,
};
const OFF: ProtocolOptions = ProtocolOptions {
    attacks_end_embargo: false,
};

fn check_send(m: MessageType, q: ProtocolState, roles: RoleSet, options: ProtocolOptions) -> bool {
    let ctx = format!("send {m} from {q} as {roles} ({options:?})");
    let actual = send(m, q, roles, options);
    match model_send(m, q, roles, options) {
        Ok((next, messages)) => {
            let sent = actual.unwrap_or_else(|e| panic!("{ctx}: refused: {e}"));
            assert_eq!(sent.state, next, "{ctx}");
            assert_eq!(sent.messages, &messages[..], "{ctx}");
            assert_eq!(sent.cautions, model_cautions(m, q.cs().bits()), "{ctx}");
            let expected_recorded: Set<CsEvent> =
                messages.iter().filter_map(|&m| announced(m)).collect();
            if m.model() == MessageModel::CaseState && next != q {
                assert_eq!(sent.recorded, expected_recorded, "{ctx}");
            } else {
                assert!(sent.recorded.is_empty(), "{ctx}");
            }
            true
        }
        Err(why) => {
            let err = actual.expect_err(&ctx);
            let kind = match err {
                SendError::Role {
                    message,
                    roles: r,
                    required,
                } => {
                    assert_eq!(
                        (message, r, required),
                        (m, roles, required_roles(m)),
                        "{ctx}"
                    );
                    Why::Role
                }
                SendError::Report {
                    message,
                    state,
                    allowed,
                } => {
                    assert_eq!((message, state), (m, q.rm()), "{ctx}");
                    let allowed_rm = if m == M::CV && !roles.contains(Role::Vendor) {
                        Set::only(RmState::Accepted)
                    } else {
                        sender_rm_allowed(m)
                    };
                    assert_eq!(allowed, allowed_rm, "{ctx}");
                    Why::Report
                }
                SendError::Embargo {
                    message,
                    state,
                    allowed,
                } => {
                    assert_eq!((message, state), (m, q.em()), "{ctx}");
                    assert_eq!(allowed, sender_em_allowed(m), "{ctx}");
                    Why::Embargo
                }
                SendError::Case {
                    message,
                    state,
                    requirement,
                } => {
                    assert_eq!(
                        (message, state, requirement),
                        (m, q.cs(), case_requirement(m)),
                        "{ctx}"
                    );
                    Why::Case
                }
                SendError::Event { message, source } => {
                    assert_eq!(message, m, "{ctx}");
                    assert_eq!(Some(source.event), announced(m), "{ctx}");
                    // The refusal names the sender's state, or (judgement call in
                    // `CsScope::record`) a vendor's `v··P··` state after the forced V.
                    let settled = if is_vendor(scope(roles)) && q.cs().bits() & (V | P) == P {
                        q.cs().bits() | V
                    } else {
                        q.cs().bits()
                    };
                    assert!(
                        source.from == q.cs() || source.from.bits() == settled,
                        "{ctx}: {source}"
                    );
                    Why::Event
                }
                SendError::Invariant { message, .. } => {
                    assert_eq!(message, m, "{ctx}");
                    Why::Invariant
                }
                other => panic!("{ctx}: unknown refusal {other:?}"),
            };
            assert!(
                why.contains(&kind),
                "{ctx}: refused for {kind:?}, model says {why:?}"
            );
            // The message says the state is kept.
            assert!(err.to_string().contains(&format!("`{m}`")), "{ctx}: {err}");
            false
        }
    }
}

fn check_receive(
    m: MessageType,
    q: ProtocolState,
    roles: RoleSet,
    options: ProtocolOptions,
) -> Outcome {
    let ctx = format!("receive {m} in {q} as {roles} ({options:?})");
    let (next, outcome, replies) = model_receive(m, q, roles, options);
    let got = receive(m, q, roles, options);
    assert_eq!(got.state, next, "{ctx}");
    assert_eq!(got.outcome, outcome, "{ctx}");
    assert_eq!(got.replies, &replies[..], "{ctx}");
    if matches!(outcome, Outcome::Ignored | Outcome::Unchanged) {
        assert_eq!(got.state, q, "{ctx}: {outcome:?} keeps the state");
    }
    outcome
}

/// Checks `m` everywhere; returns (sends allowed, sends refused, receive outcomes).
fn sweep(m: MessageType) -> (usize, usize, BTreeSet<String>) {
    let rule = m.send_rule();
    assert_eq!(rule.message, m);
    assert_eq!(
        rule.rm_states(),
        sender_rm_allowed(m),
        "{m}: rule RM states"
    );
    assert_eq!(
        rule.em_states(),
        sender_em_allowed(m),
        "{m}: rule EM states"
    );
    assert_eq!(rule.case, case_requirement(m), "{m}: rule case requirement");
    assert_eq!(
        RoleSet::of(rule.roles),
        required_roles(m),
        "{m}: rule roles"
    );
    let (mut allowed, mut refused) = (0, 0);
    let mut outcomes = BTreeSet::new();
    for q in all_states() {
        for roles in role_sets() {
            for options in [ON, OFF] {
                if check_send(m, q, roles, options) {
                    allowed += 1;
                } else {
                    refused += 1;
                }
                outcomes.insert(format!("{:?}", check_receive(m, q, roles, options)));
            }
        }
    }
    assert!(allowed > 0, "{m} is never allowed");
    (allowed, refused, outcomes)
}

macro_rules! per_type {
    ($($name:ident: $m:ident => [$($outcome:ident),*];)*) => {$(
        #[test]
        fn $name() {
            let (_, refused, outcomes) = sweep(M::$m);
            // GI and the replies RK, RE, GK, GE may be sent from anywhere.
            if !matches!(M::$m, M::GI | M::RK | M::RE | M::GK | M::GE) {
                assert!(refused > 0, "{} is never refused", M::$m);
            }
            let expected: BTreeSet<String> = [$(stringify!($outcome)),*].map(String::from).into();
            assert_eq!(outcomes, expected, "receive outcomes of {}", M::$m);
            // Inert exactly when no receipt moves its receiver or is unexpected
            // (Ignored and Unchanged keep the state, as check_receive saw).
            let keeps: BTreeSet<String> = ["Ignored", "Unchanged"].map(String::from).into();
            assert_eq!(
                mpcvd::message::receipt_is_inert(M::$m),
                outcomes.is_subset(&keeps),
                "receipt_is_inert({})",
                M::$m
            );
        }
    )*};
}

per_type! {
    rs_report_submission: RS => [Applied, Ignored, Unchanged];
    ri_report_invalid: RI => [Ignored, Unchanged, Unexpected];
    rv_report_valid: RV => [Ignored, Unchanged, Unexpected];
    rd_report_deferred: RD => [Ignored, Unchanged, Unexpected];
    ra_report_accepted: RA => [Ignored, Unchanged, Unexpected];
    rc_report_closed: RC => [Ignored, Unchanged, Unexpected];
    rk_report_ack: RK => [Ignored];
    re_report_error: RE => [Ignored, Unchanged];
    ep_embargo_proposal: EP => [Applied, EmbargoRefused, Ignored, Unchanged, Unexpected];
    er_embargo_proposal_rejection: ER => [Applied, Ignored, Unexpected];
    ea_embargo_proposal_acceptance: EA => [Applied, EmbargoRefused, Ignored, Unexpected];
    ev_embargo_revision_proposal: EV => [Applied, EmbargoRefused, Ignored, Unchanged, Unexpected];
    ej_embargo_revision_rejection: EJ => [Applied, EmbargoRefused, Ignored, Unexpected];
    ec_embargo_revision_acceptance: EC => [Applied, EmbargoRefused, Ignored, Unexpected];
    et_embargo_termination: ET => [Applied, Ignored, Unchanged, Unexpected];
    ek_embargo_ack: EK => [Ignored];
    ee_embargo_error: EE => [Ignored, Unchanged];
    cv_vendor_awareness: CV => [Ignored, Unchanged];
    cf_fix_readiness: CF => [Ignored, Unchanged];
    cd_fix_deployed: CD => [Ignored, Unchanged];
    cp_public_awareness: CP => [Applied, Ignored, Unchanged];
    cx_exploit_public: CX => [Applied, Ignored, Unchanged];
    ca_attacks_observed: CA => [Applied, Ignored, Unchanged];
    ck_case_state_ack: CK => [Ignored];
    ce_case_state_error: CE => [Ignored, Unchanged];
    gi_general_inquiry: GI => [Ignored, Unchanged];
    gk_general_ack: GK => [Ignored];
    ge_general_error: GE => [Ignored, Unchanged];
}

#[test]
fn every_type_has_a_sweep() {
    // The list above names 28 types; this fails if a type is added without one.
    assert_eq!(MessageType::all().count(), 28);
}

// ---------------------------------------------------------------------------------
// Literal cases for the rules and decisions of reference §5.
// ---------------------------------------------------------------------------------

fn q(rm: RmState, em: EmState, cs: &str) -> ProtocolState {
    ProtocolState::new(rm, em, cs.parse().unwrap()).unwrap()
}

fn vendor() -> RoleSet {
    RoleSet::of(&[Role::Vendor])
}
fn reporter() -> RoleSet {
    RoleSet::of(&[Role::Finder, Role::Reporter])
}
fn coordinator() -> RoleSet {
    RoleSet::of(&[Role::Coordinator])
}

use EmState::{Active as EmA, Exited as EmX, None as EmN, Proposed as EmP, Revise as EmR};
use RmState::{
    Accepted as RmA, Closed as RmC, Deferred as RmD, Invalid as RmI, Received as RmR, Start as RmS,
    Valid as RmV,
};

#[test]
fn ri_is_sent_only_on_received_to_invalid() {
    // Decision 2: the send table's {R, V} contradicts the RM machine.
    let sent = send(M::RI, q(RmR, EmN, "vfdpxa"), vendor(), ON).unwrap();
    assert_eq!(sent.state.rm(), RmI);
    assert_eq!(sent.messages, &[M::RI]);
    let err = send(M::RI, q(RmV, EmN, "Vfdpxa"), vendor(), ON).unwrap_err();
    assert_eq!(
        err,
        SendError::Report {
            message: M::RI,
            state: RmV,
            allowed: Set::only(RmR),
        }
    );
}

#[test]
fn rm_messages_announce_rm_transitions() {
    let s = |rm, m| send(m, q(rm, EmN, "Vfdpxa"), vendor(), ON).map(|x| x.state.rm());
    assert_eq!(s(RmR, M::RV), Ok(RmV));
    assert_eq!(s(RmI, M::RV), Ok(RmV));
    assert_eq!(s(RmV, M::RA), Ok(RmA));
    assert_eq!(s(RmA, M::RD), Ok(RmD));
    assert_eq!(s(RmD, M::RC), Ok(RmC));
    // Closing from Valid is refused here too (reference §1).
    assert!(matches!(s(RmV, M::RC), Err(SendError::Report { .. })));
    // RS only from Accepted, no change; a closed participant sends nothing but GI
    // and the replies whose formal send rows are `*,*,*` (RK, RE, GK, GE).
    assert_eq!(s(RmA, M::RS), Ok(RmA));
    assert!(matches!(s(RmV, M::RS), Err(SendError::Report { .. })));
    let closed = q(RmC, EmN, "Vfdpxa");
    for m in MessageType::all() {
        let open = matches!(m, M::GI | M::RK | M::RE | M::GK | M::GE);
        assert_eq!(send(m, closed, vendor(), ON).is_ok(), open, "{m}");
    }
}

#[test]
fn rs_moves_the_receiver_from_start_to_received_and_a_vendor_to_aware() {
    let r = receive(M::RS, ProtocolState::START, vendor(), ON);
    assert_eq!(r.state, q(RmR, EmN, "Vfdpxa"));
    assert_eq!(r.outcome, Outcome::Applied);
    assert_eq!(r.replies, &[M::RK, M::CV]);
    // A non-vendor only receives.
    let r = receive(M::RS, ProtocolState::START, coordinator(), ON);
    assert_eq!(r.state, q(RmR, EmN, "vfdpxa"));
    assert_eq!(r.replies, &[M::RK]);
    // Already received: acknowledged, nothing changes.
    let r = receive(M::RS, q(RmV, EmN, "Vfdpxa"), vendor(), ON);
    assert_eq!((r.outcome, r.replies), (Outcome::Unchanged, &[M::RK][..]));
    // A vendor that somehow was not yet aware becomes aware and says so.
    let r = receive(M::RS, q(RmR, EmN, "vfdpxa"), vendor(), ON);
    assert_eq!(
        (r.state.cs().to_string(), r.replies),
        ("Vfdpxa".into(), &[M::RK, M::CV][..])
    );
}

#[test]
fn rm_statements_to_a_receiver_in_start_get_re_and_gi() {
    for m in [M::RI, M::RV, M::RD, M::RA, M::RC] {
        let r = receive(m, ProtocolState::START, vendor(), ON);
        assert_eq!(r.state, ProtocolState::START, "{m}");
        assert_eq!(r.outcome, Outcome::Unexpected, "{m}");
        assert_eq!(r.replies, &[M::RE, M::GI], "{m}");
        let r = receive(m, q(RmA, EmN, "Vfdpxa"), vendor(), ON);
        assert_eq!(
            (r.outcome, r.replies),
            (Outcome::Unchanged, &[M::RK][..]),
            "{m}"
        );
    }
    let r = receive(M::RE, ProtocolState::START, vendor(), ON);
    assert_eq!(r.replies, &[M::RK, M::GI]);
    let r = receive(M::RK, ProtocolState::START, vendor(), ON);
    assert_eq!((r.outcome, r.replies), (Outcome::Ignored, &[][..]));
}

#[test]
fn a_closed_receiver_ignores_everything() {
    for cs in ["vfdpxa", "VFDPXA", "VfdpxA"] {
        for em in [EmN, EmP, EmX] {
            let closed = q(RmC, em, cs);
            for m in MessageType::all() {
                for roles in [vendor(), reporter(), coordinator()] {
                    let r = receive(m, closed, roles, ON);
                    assert_eq!(r.state, closed, "{m}");
                    assert_eq!(r.outcome, Outcome::Ignored, "{m}");
                    assert!(r.replies.is_empty(), "{m}");
                }
            }
        }
    }
}

#[test]
fn embargo_messages_follow_the_em_table_while_pxa() {
    let at = |em| q(RmA, em, "Vfdpxa");
    let r = |m, em| {
        let got = receive(m, at(em), vendor(), ON);
        (got.state.em(), got.outcome, got.replies.to_vec())
    };
    use Outcome::{Applied, Unchanged, Unexpected};
    assert_eq!(r(M::EP, EmN), (EmP, Applied, vec![M::EK]));
    assert_eq!(r(M::EP, EmP), (EmP, Unchanged, vec![M::EK]));
    assert_eq!(r(M::EA, EmP), (EmA, Applied, vec![M::EK]));
    assert_eq!(r(M::ER, EmP), (EmN, Applied, vec![M::EK]));
    assert_eq!(r(M::EV, EmA), (EmR, Applied, vec![M::EK]));
    assert_eq!(r(M::EV, EmR), (EmR, Unchanged, vec![M::EK]));
    assert_eq!(r(M::EJ, EmR), (EmA, Applied, vec![M::EK]));
    assert_eq!(r(M::EC, EmR), (EmA, Applied, vec![M::EK]));
    assert_eq!(r(M::ET, EmA), (EmX, Applied, vec![M::EK]));
    assert_eq!(r(M::ET, EmR), (EmX, Applied, vec![M::EK]));
    assert_eq!(r(M::ET, EmX), (EmX, Unchanged, vec![M::EK]));
    // Decision 4: EP is not a revision and EV is not a proposal.
    assert_eq!(r(M::EP, EmA), (EmA, Unexpected, vec![M::EE]));
    assert_eq!(r(M::EV, EmN), (EmN, Unexpected, vec![M::EE]));
    assert_eq!(r(M::EA, EmR), (EmR, Unexpected, vec![M::EE]));
    assert_eq!(r(M::EC, EmP), (EmP, Unexpected, vec![M::EE]));
    assert_eq!(r(M::EJ, EmP), (EmP, Unexpected, vec![M::EE]));
    assert_eq!(r(M::ER, EmR), (EmR, Unexpected, vec![M::EE]));
    assert_eq!(r(M::EE, EmA), (EmA, Unchanged, vec![M::EK, M::GI]));
    assert_eq!(r(M::EK, EmA), (EmA, Outcome::Ignored, vec![]));
    // EM may start before the report arrives: E* in RM Start is not an error.
    let got = receive(M::EP, ProtocolState::START, vendor(), ON);
    assert_eq!((got.state.em(), got.outcome), (EmP, Applied));
}

#[test]
fn embargo_messages_after_pxa_are_refused_with_er_or_et_and_teardown() {
    let refused = |m, em, cs| {
        let got = receive(m, q(RmA, em, cs), vendor(), OFF);
        (got.state.em(), got.outcome, got.replies.to_vec())
    };
    use Outcome::{Applied, EmbargoRefused};
    // EP in N: no change, ER.
    assert_eq!(
        refused(M::EP, EmN, "VfdPxa"),
        (EmN, EmbargoRefused, vec![M::ER])
    );
    // EP / EA in P: rejected to N, ER.
    assert_eq!(
        refused(M::EP, EmP, "VfdPxa"),
        (EmN, EmbargoRefused, vec![M::ER])
    );
    assert_eq!(
        refused(M::EA, EmP, "VfdPXa"),
        (EmN, EmbargoRefused, vec![M::ER])
    );
    assert_eq!(
        refused(M::EA, EmP, "VfdpxA"),
        (EmN, EmbargoRefused, vec![M::ER])
    );
    // EV in A or R, EJ / EC in R (only possible with attacks kept under the
    // option): X, ET. EJ / EC in A have no row in the receive table: its catch-all
    // "any EM msg. not addressed above → EE" applies (issue 21).
    for (m, em) in [(M::EV, EmA), (M::EV, EmR), (M::EJ, EmR), (M::EC, EmR)] {
        assert_eq!(
            refused(m, em, "VfdpxA"),
            (EmX, EmbargoRefused, vec![M::ET]),
            "{m} {em}"
        );
    }
    for m in [M::EJ, M::EC] {
        assert_eq!(
            refused(m, EmA, "VfdpxA"),
            (EmA, Outcome::Unexpected, vec![M::EE]),
            "{m}"
        );
    }
    // ER and ET work in any case state.
    assert_eq!(refused(M::ER, EmP, "VfdPxa"), (EmN, Applied, vec![M::EK]));
    assert_eq!(refused(M::ET, EmA, "VfdpxA"), (EmX, Applied, vec![M::EK]));
}

#[test]
fn embargo_sends_need_pxa() {
    let err = send(M::EP, q(RmA, EmN, "VfdPxa"), vendor(), ON).unwrap_err();
    assert_eq!(
        err,
        SendError::Case {
            message: M::EP,
            state: "VfdPxa".parse().unwrap(),
            requirement: CaseRequirement::EmbargoViable,
        }
    );
    // The formal send table asks only `···pxa` of EA: an embargo may start at F or
    // D, with a SHOULD-level caution ("F: pending proposals SHOULD be rejected";
    // "D: new embargoes SHOULD NOT be sought"), and may be revised.
    let vendor_deployer = RoleSet::of(&[Role::Vendor, Role::Deployer]);
    for cs in ["VFdpxa", "VFDpxa"] {
        let sent = send(M::EA, q(RmA, EmP, cs), vendor_deployer, ON).unwrap();
        assert_eq!(sent.state.em(), EmA, "{cs}");
        assert_eq!(
            sent.cautions,
            Set::only(Caution::AcceptanceAfterFix),
            "{cs}"
        );
        let sent = send(M::EV, q(RmA, EmA, cs), vendor_deployer, ON).unwrap();
        assert_eq!(
            sent.cautions,
            Set::only(Caution::NegotiationAfterFix),
            "{cs}"
        );
    }
    let sent = send(M::EA, q(RmA, EmP, "Vfdpxa"), vendor(), ON).unwrap();
    assert!(sent.cautions.is_empty());
    // Revisions accepted at F are not cautioned (MPCVD: extensions SHOULD be
    // accepted to let trailing vendors catch up).
    let sent = send(M::EC, q(RmA, EmR, "VFdpxa"), vendor(), ON).unwrap();
    assert!(sent.cautions.is_empty());
    // ER and ET need no particular case state.
    assert_eq!(
        send(M::ER, q(RmA, EmP, "VfdPxa"), vendor(), ON)
            .unwrap()
            .state
            .em(),
        EmN
    );
    assert_eq!(
        send(M::ET, q(RmA, EmA, "VfdpxA"), vendor(), OFF)
            .unwrap()
            .state
            .em(),
        EmX
    );
    // The EM state must allow the action.
    assert_eq!(
        send(M::EJ, q(RmA, EmA, "Vfdpxa"), vendor(), ON).unwrap_err(),
        SendError::Embargo {
            message: M::EJ,
            state: EmA,
            allowed: Set::only(EmR),
        }
    );
}

#[test]
fn cp_and_cx_tear_the_embargo_down() {
    for (em, torn) in [(EmN, EmN), (EmP, EmN), (EmA, EmX), (EmR, EmX), (EmX, EmX)] {
        for m in [M::CP, M::CX] {
            let before = q(RmA, em, "VFdpxa");
            let got = receive(m, before, vendor(), ON);
            assert_eq!(got.state.em(), torn, "receive {m} in {em}");
            assert_eq!(got.replies, &[M::CK]);
            let sent = send(m, before, vendor(), ON).unwrap();
            assert_eq!(sent.state.em(), torn, "send {m} in {em}");
        }
    }
}

/// Issue 21: a CS send that ends the sender's embargo announces it with the EM
/// message the tables name, from the same sender in the same step (transitions.md,
/// CS send table: "when a CS message induces a q^em state change, the corresponding
/// RM or EM message should be sent"): ET for A/R → X after the CS messages, ER for
/// P → N before them. Receivers owe only CK (the CS receive table).
#[test]
fn teardown_by_cp_cx_ca_announces_er_or_et() {
    let s = |m, em, cs, options| send(m, q(RmA, em, cs), vendor(), options).unwrap().messages;
    assert_eq!(s(M::CX, EmA, "VFdpxa", ON), &[M::CX, M::CP, M::ET]);
    assert_eq!(s(M::CX, EmR, "VFdpxa", ON), &[M::CX, M::CP, M::ET]);
    assert_eq!(s(M::CX, EmP, "VFdpxa", ON), &[M::ER, M::CX, M::CP]);
    assert_eq!(s(M::CP, EmP, "Vfdpxa", ON), &[M::ER, M::CP]);
    assert_eq!(s(M::CP, EmA, "Vfdpxa", ON), &[M::CP, M::ET]);
    assert_eq!(s(M::CA, EmA, "Vfdpxa", ON), &[M::CA, M::ET]);
    assert_eq!(s(M::CA, EmP, "Vfdpxa", ON), &[M::ER, M::CA]);
    // No teardown, no EM message: nothing in force, or attacks kept under the option.
    assert_eq!(s(M::CP, EmN, "Vfdpxa", ON), &[M::CP]);
    assert_eq!(s(M::CP, EmX, "Vfdpxa", ON), &[M::CP]);
    assert_eq!(s(M::CA, EmA, "Vfdpxa", OFF), &[M::CA]);
    // A vendor made aware on the way still says so.
    let sent = send(M::CP, q(RmS, EmA, "vfdpxa"), vendor(), ON).unwrap();
    assert_eq!(sent.messages, &[M::CP, M::CV, M::ET]);
    // Every receiver that followed the case meets the EM message where its receive
    // table has a row: after CP it is in X ("ET in X → EK"); ER arrives before CP,
    // while the proposal is still pending ("ER in P → N").
    let after_cp = receive(M::CP, q(RmA, EmA, "Vfdpxa"), coordinator(), ON).state;
    let got = receive(M::ET, after_cp, coordinator(), ON);
    assert_eq!(
        (got.outcome, got.replies),
        (Outcome::Unchanged, &[M::EK][..])
    );
    let got = receive(M::ER, q(RmA, EmP, "Vfdpxa"), coordinator(), ON);
    assert_eq!((got.state.em(), got.replies), (EmN, &[M::EK][..]));
    let got = receive(M::CP, got.state, coordinator(), ON);
    assert_eq!(got.replies, &[M::CK]);
    // An ER after CP would be unexpected (the table's catch-all EE): why ER goes first.
    let got = receive(M::ER, after_cp, coordinator(), ON);
    assert_eq!(got.replies, &[M::EE]);
}

#[test]
fn cx_without_p_also_sets_p_and_the_sender_emits_cx_then_cp() {
    let before = q(RmA, EmA, "VFdpxa");
    let sent = send(M::CX, before, vendor(), ON).unwrap();
    assert_eq!(sent.state, q(RmA, EmX, "VFdPXa"));
    assert_eq!(sent.messages, &[M::CX, M::CP, M::ET]);
    assert_eq!(
        sent.recorded,
        Set::from_slice(&[CsEvent::ExploitPublic, CsEvent::PublicAware])
    );
    let got = receive(M::CX, before, coordinator(), ON);
    assert_eq!(got.state, q(RmA, EmX, "VFdPXa"));
    // Once public, CX sets X only.
    let sent = send(M::CX, q(RmA, EmN, "VFdPxa"), vendor(), ON).unwrap();
    assert_eq!(
        (sent.state.cs().to_string(), sent.messages),
        ("VFdPXa".into(), &[M::CX][..])
    );
}

#[test]
fn ca_does_not_set_p() {
    // Decision 3: the receive table's `···P·A` contradicts "attacks do not force P".
    let got = receive(M::CA, q(RmA, EmN, "Vfdpxa"), vendor(), ON);
    assert_eq!(got.state.cs().to_string(), "VfdpxA");
    let sent = send(M::CA, q(RmA, EmN, "Vfdpxa"), vendor(), ON).unwrap();
    assert_eq!(sent.state.cs().to_string(), "VfdpxA");
    assert_eq!(sent.messages, &[M::CA]);
}

#[test]
fn the_attacks_option_decides_whether_attacks_end_the_embargo() {
    let before = q(RmA, EmA, "Vfdpxa");
    assert_eq!(
        receive(M::CA, before, vendor(), ON).state,
        q(RmA, EmX, "VfdpxA")
    );
    assert_eq!(
        receive(M::CA, before, vendor(), OFF).state,
        q(RmA, EmA, "VfdpxA")
    );
    assert_eq!(send(M::CA, before, vendor(), ON).unwrap().state.em(), EmX);
    assert_eq!(send(M::CA, before, vendor(), OFF).unwrap().state.em(), EmA);
    // A proposal is rejected the same way.
    let proposed = q(RmA, EmP, "Vfdpxa");
    assert_eq!(receive(M::CA, proposed, vendor(), ON).state.em(), EmN);
    assert_eq!(receive(M::CA, proposed, vendor(), OFF).state.em(), EmP);
    assert_eq!(ProtocolOptions::default(), ON);
}

#[test]
fn cs_receipts_change_only_the_global_letters() {
    // CV/CF/CD describe the sender: the receiver's own state does not change.
    for m in [M::CV, M::CF, M::CD] {
        let before = q(RmR, EmN, "vfdpxa");
        let got = receive(m, before, coordinator(), ON);
        assert_eq!(
            (got.state, got.outcome, got.replies),
            (before, Outcome::Unchanged, &[M::CK][..])
        );
    }
    // CP reaches an unaware vendor: it becomes aware at once and says so.
    let got = receive(M::CP, q(RmS, EmN, "vfdpxa"), vendor(), ON);
    assert_eq!(got.state.cs().to_string(), "VfdPxa");
    assert_eq!(got.replies, &[M::CK, M::CV]);
    // A non-vendor's vendor letters never move.
    let got = receive(M::CP, q(RmS, EmN, "vfdpxa"), coordinator(), ON);
    assert_eq!(got.state.cs().to_string(), "vfdPxa");
    // Already known: acknowledged, unchanged.
    let got = receive(M::CP, q(RmA, EmN, "VfdPxa"), vendor(), ON);
    assert_eq!(
        (got.outcome, got.replies),
        (Outcome::Unchanged, &[M::CK][..])
    );
    let got = receive(M::CE, q(RmA, EmN, "VfdPxa"), vendor(), ON);
    assert_eq!(got.replies, &[M::CK, M::GI]);
}

#[test]
fn cs_sends_need_the_right_role_state_and_order() {
    let accepted = q(RmA, EmN, "Vfdpxa");
    assert_eq!(
        send(M::CF, accepted, vendor(), ON)
            .unwrap()
            .state
            .cs()
            .to_string(),
        "VFdpxa"
    );
    assert_eq!(
        send(M::CF, accepted, coordinator(), ON).unwrap_err(),
        SendError::Role {
            message: M::CF,
            roles: coordinator(),
            required: RoleSet::of(&[Role::Vendor]),
        }
    );
    // Vendors create fixes only in A (reference §1).
    assert!(matches!(
        send(M::CF, q(RmV, EmN, "Vfdpxa"), vendor(), ON),
        Err(SendError::Report { .. })
    ));
    // Only deployers deploy (reference §6: vendors without deployment capability
    // never reach VFD); a vendor that deploys holds both roles.
    assert_eq!(
        send(M::CD, q(RmA, EmN, "VFdpxa"), vendor(), ON).unwrap_err(),
        SendError::Role {
            message: M::CD,
            roles: vendor(),
            required: RoleSet::of(&[Role::Deployer]),
        }
    );
    let vendor_deployer = RoleSet::of(&[Role::Vendor, Role::Deployer]);
    let sent = send(M::CD, q(RmA, EmN, "VFdpxa"), vendor_deployer, ON).unwrap();
    assert_eq!(sent.state.cs().to_string(), "VFDpxa");
    // D needs F.
    match send(M::CD, accepted, vendor_deployer, ON) {
        Err(SendError::Event { source, .. }) => {
            assert!(matches!(source.rule, CsRule::Prerequisite(_)));
        }
        other => panic!("{other:?}"),
    }
    // Announcing what already happened is refused.
    match send(M::CP, q(RmA, EmN, "VfdPxa"), vendor(), ON) {
        Err(SendError::Event { source, .. }) => {
            assert_eq!(source.rule, CsRule::AlreadyHappened(CsEvent::PublicAware));
        }
        other => panic!("{other:?}"),
    }
    // A deployer deploys, recording the whole fix path.
    let deployer = RoleSet::of(&[Role::Deployer]);
    let sent = send(M::CD, q(RmA, EmN, "vfdpxa"), deployer, ON).unwrap();
    assert_eq!(sent.state.cs().to_string(), "VFDpxa");
    assert_eq!(sent.messages, &[M::CD]);
}

#[test]
fn general_messages_never_change_state() {
    let before = q(RmV, EmP, "Vfdpxa");
    let got = receive(M::GI, before, vendor(), ON);
    assert_eq!((got.state, got.replies), (before, &[M::GK][..]));
    let got = receive(M::GE, before, vendor(), ON);
    assert_eq!((got.state, got.replies), (before, &[M::GI][..]));
    let got = receive(M::GK, before, vendor(), ON);
    assert_eq!((got.outcome, got.replies), (Outcome::Ignored, &[][..]));
    assert_eq!(
        send(M::GI, q(RmC, EmN, "VFDPXA"), vendor(), ON)
            .unwrap()
            .messages,
        &[M::GI]
    );
}

// ---------------------------------------------------------------------------------
// Codes, names and groupings.
// ---------------------------------------------------------------------------------

/// Reference §5, the 28 codes in table order.
const CODES: [&str; 28] = [
    "RS", "RI", "RV", "RD", "RA", "RC", "RK", "RE", "EP", "ER", "EA", "EV", "EJ", "EC", "ET", "EK",
    "EE", "CV", "CF", "CD", "CP", "CX", "CA", "CK", "CE", "GI", "GK", "GE",
];

#[test]
fn the_28_types_print_parse_and_serialise_as_their_codes() {
    let all: Vec<MessageType> = MessageType::all().collect();
    assert_eq!(all.len(), 28);
    assert_eq!(
        all.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
        CODES.to_vec()
    );
    for (m, code) in all.iter().zip(CODES) {
        assert_eq!(m.code(), code);
        assert_eq!(code.parse::<MessageType>(), Ok(*m));
        assert_eq!(serde_json::to_string(m).unwrap(), format!("\"{code}\""));
        assert_eq!(
            serde_json::from_str::<MessageType>(&format!("\"{code}\"")).unwrap(),
            *m
        );
    }
    // Decision 4: EV, EJ, EC are types of their own.
    let distinct: BTreeSet<_> = all.iter().collect();
    assert_eq!(distinct.len(), 28);
    assert_ne!(M::EV, M::EP);
    assert_ne!(M::EJ, M::ER);
    assert_ne!(M::EC, M::EA);
    for bad in ["", "XX", "rs", "Rs", "RSS", "R", "MD", "EM", " RS", "ＲS"] {
        assert!(bad.parse::<MessageType>().is_err(), "{bad:?}");
        assert!(
            serde_json::from_str::<MessageType>(&format!("\"{bad}\"")).is_err(),
            "{bad:?}"
        );
    }
    assert!(serde_json::from_str::<MessageType>("0").is_err());
}

#[test]
fn names_follow_the_reference() {
    let names = [
        (M::RS, "Report Submission"),
        (M::RI, "Report Invalid"),
        (M::RV, "Report Valid"),
        (M::RD, "Report Deferred"),
        (M::RA, "Report Accepted"),
        (M::RC, "Report Closed"),
        (M::EP, "Embargo Proposal"),
        (M::ER, "Embargo Proposal Rejection"),
        (M::EA, "Embargo Proposal Acceptance"),
        (M::EV, "Embargo Revision Proposal"),
        (M::EJ, "Embargo Revision Rejection"),
        (M::EC, "Embargo Revision Acceptance"),
        (M::ET, "Embargo Termination"),
        (M::CV, "Vendor Awareness"),
        (M::CF, "Fix Readiness"),
        (M::CD, "Fix Deployed"),
        (M::CP, "Public Awareness"),
        (M::CX, "Exploit Public"),
        (M::CA, "Attacks Observed"),
        (M::GI, "General Inquiry"),
    ];
    for (m, name) in names {
        assert_eq!(m.name(), name);
    }
    for m in [M::RK, M::EK, M::CK, M::GK] {
        assert!(m.name().ends_with("Acknowledgement"), "{m}");
    }
    for m in [M::RE, M::EE, M::CE, M::GE] {
        assert!(m.name().ends_with("Error"), "{m}");
    }
}

#[test]
fn model_kind_ack_and_error_groupings() {
    use MessageKind::{Ack, Error, Statement};
    use MessageModel::{CaseState as Cs, Embargo, General, Report};
    let groups: [(MessageModel, &[MessageType], MessageType, MessageType); 4] = [
        (
            Report,
            &[M::RS, M::RI, M::RV, M::RD, M::RA, M::RC, M::RK, M::RE],
            M::RK,
            M::RE,
        ),
        (
            Embargo,
            &[
                M::EP,
                M::ER,
                M::EA,
                M::EV,
                M::EJ,
                M::EC,
                M::ET,
                M::EK,
                M::EE,
            ],
            M::EK,
            M::EE,
        ),
        (
            Cs,
            &[M::CV, M::CF, M::CD, M::CP, M::CX, M::CA, M::CK, M::CE],
            M::CK,
            M::CE,
        ),
        (General, &[M::GI, M::GK, M::GE], M::GK, M::GE),
    ];
    let mut seen = 0;
    for (model, members, ack, error) in groups {
        for &m in members {
            seen += 1;
            assert_eq!(m.model(), model, "{m}");
            assert_eq!(m.ack(), ack, "{m}");
            assert_eq!(m.error(), error, "{m}");
            let kind = if m == ack {
                Ack
            } else if m == error {
                Error
            } else {
                Statement
            };
            assert_eq!(m.kind(), kind, "{m}");
        }
    }
    assert_eq!(seen, 28);
    // 8 report + 9 embargo + 8 case state + 3 general (reference §5).
    let count = |model| MessageType::all().filter(|m| m.model() == model).count();
    assert_eq!(
        (count(Report), count(Embargo), count(Cs), count(General)),
        (8, 9, 8, 3)
    );
}

// ---------------------------------------------------------------------------------
// The decisions table of docs/DESIGN.md ("Decisions on the message tables"): one pin
// per row that no other test above names. Row ids in the test names.
// ---------------------------------------------------------------------------------

/// T6: a duplicate RS to a vendor already aware gets RK only (the formal receive
/// table lists "RK, CV (vendor)" for `V·····`; specs/rm-behavior.yaml RMB-01-004:
/// "duplicate RS ... SHOULD emit RK ... without changing RM or CS state").
#[test]
fn t6_duplicate_rs_to_an_aware_vendor_gets_rk_only() {
    for rm in [RmR, RmI, RmV, RmA, RmD] {
        let got = receive(M::RS, q(rm, EmN, "Vfdpxa"), vendor(), ON);
        assert_eq!(
            (got.outcome, got.replies),
            (Outcome::Unchanged, &[M::RK][..])
        );
    }
    // A vendor in Start already aware: S → R, RK only.
    let got = receive(M::RS, q(RmS, EmN, "Vfdpxa"), vendor(), ON);
    assert_eq!((got.state.rm(), got.replies), (RmR, &[M::RK][..]));
}

/// T7: a vendor in Start announcing CV records V and stays in Start (the formal CS
/// send table also moves it `S →r R`; decision 5: one message, one transition).
#[test]
fn t7_cv_from_a_vendor_in_start_keeps_its_rm_state() {
    let sent = send(M::CV, ProtocolState::START, vendor(), ON).unwrap();
    assert_eq!(sent.state, q(RmS, EmN, "Vfdpxa"));
    assert_eq!(sent.messages, &[M::CV]);
}

/// T8: CV from the notifier ("sent by notifier or vendor"): a non-vendor in A (where
/// RS is sent from) may send it; its own state does not change and it records
/// nothing. Elsewhere it is refused by RM state, naming `{A}`.
#[test]
fn t8_cv_from_the_notifier() {
    for roles in [coordinator(), reporter(), RoleSet::of(&[Role::Deployer])] {
        let at = q(RmA, EmN, "vfdpxa");
        let sent = send(M::CV, at, roles, ON).unwrap();
        assert_eq!((sent.state, sent.messages), (at, &[M::CV][..]), "{roles}");
        assert!(sent.recorded.is_empty() && sent.cautions.is_empty());
        assert_eq!(
            send(M::CV, q(RmV, EmN, "vfdpxa"), roles, ON).unwrap_err(),
            SendError::Report {
                message: M::CV,
                state: RmV,
                allowed: Set::only(RmA),
            }
        );
    }
    assert!(M::CV.send_rule().on_behalf.is_some());
}

/// T2: receivers of CP, CX, CA that end their embargo reply CK only (the CS receive
/// table); the teardown is announced by the sender (T1).
#[test]
fn t2_receivers_of_a_teardown_reply_ck_only() {
    for (m, cs) in [(M::CP, "Vfdpxa"), (M::CX, "Vfdpxa"), (M::CA, "Vfdpxa")] {
        for em in [EmP, EmA, EmR] {
            let got = receive(m, q(RmA, em, cs), coordinator(), ON);
            assert_ne!(got.state.em(), em, "{m} {em}");
            assert_eq!(got.replies, &[M::CK], "{m} {em}");
        }
    }
}

/// T13, T15: a closed participant ignores GI and GE (the RM receive table's first
/// row wins over the general table's `*,*,*`), and may send no EM message, ER and
/// EA included (EM send table `¬C`; rm_em.md's "P → N MAY happen in {I, C}" loses).
#[test]
fn t13_t15_closed_participants_and_the_general_and_embargo_tables() {
    for m in [M::GI, M::GE] {
        let got = receive(m, q(RmC, EmN, "Vfdpxa"), vendor(), ON);
        assert_eq!((got.outcome, got.replies), (Outcome::Ignored, &[][..]));
    }
    for m in [M::ER, M::EA, M::EK, M::EE] {
        assert!(matches!(
            send(m, q(RmC, EmP, "Vfdpxa"), vendor(), ON),
            Err(SendError::Report { .. })
        ));
    }
}
