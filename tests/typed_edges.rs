//! The typed layer has a method for every edge of the runtime tables and for no other
//! (state, action) pair; typed and runtime values convert both ways without ever
//! producing a wrong marker.
//!
//! The methods are found by probing the public API: each probe trait below defines a
//! fallback method of the same name for every typed value, returning `Absent`.
//! Inherent methods win over trait methods, so `x.close()` reaches the typed method
//! where one exists and the fallback elsewhere. The test therefore sees the methods a
//! user can call, not a list the typed layer reports about itself.

use std::collections::BTreeSet;

use mpcvd::cs::{CaseState, CsEvent, Vfd};
use mpcvd::em::{self, Em, EmAction, EmState};
use mpcvd::machine::{Machine, Transition};
use mpcvd::rm::{self, Rm, RmAction, RmState};
use mpcvd::typed::{
    Accepted, Active, AnyEmbargo, AnyFixStatus, AnyReport, Aware, Closed, Deferred,
    EarlyEndEvidence, Embargo, EmbargoState, Exited, FixDeployed, FixReady, FixState, FixStatus,
    Invalid, NoEmbargo, Proposed, PublicAwareness, Received, Report, ReportState, Revise, Start,
    Unaware, Valid, WrongState,
};
use strum::IntoEnumIterator;

/// What a probe returns where the typed value has no such method.
struct Absent;

/// Where a probed call landed: `Some(state)` for a typed method, `None` for `Absent`.
trait Landed<S> {
    fn landed(self) -> Option<S>;
}
impl<S> Landed<S> for Absent {
    fn landed(self) -> Option<S> {
        None
    }
}
impl<R: ReportState> Landed<RmState> for Report<R> {
    fn landed(self) -> Option<RmState> {
        Some(self.into())
    }
}
impl<E: EmbargoState> Landed<EmState> for Embargo<E> {
    fn landed(self) -> Option<EmState> {
        Some(self.into())
    }
}
impl<F: FixState> Landed<Vfd> for FixStatus<F> {
    fn landed(self) -> Option<Vfd> {
        Some(self.into())
    }
}

/// Fallbacks for every method name the RM layer might have.
trait ReportProbe: Sized {
    fn receive(self) -> Absent {
        Absent
    }
    fn validate(self) -> Absent {
        Absent
    }
    fn invalidate(self) -> Absent {
        Absent
    }
    fn accept(self) -> Absent {
        Absent
    }
    fn defer(self) -> Absent {
        Absent
    }
    fn close(self) -> Absent {
        Absent
    }
}
impl<R: ReportState> ReportProbe for Report<R> {}

/// Fallbacks for every method name the EM layer might have.
trait EmbargoProbe: Sized {
    fn propose(self) -> Absent {
        Absent
    }
    fn reject(self) -> Absent {
        Absent
    }
    fn accept(self) -> Absent {
        Absent
    }
    fn propose_revision(self) -> Absent {
        Absent
    }
    fn accept_revision(self) -> Absent {
        Absent
    }
    fn reject_revision(self) -> Absent {
        Absent
    }
    fn terminate(self) -> Absent {
        Absent
    }
    fn end_early(self, _evidence: impl EarlyEndEvidence) -> Absent {
        Absent
    }
}
impl<E: EmbargoState> EmbargoProbe for Embargo<E> {}

/// Fallbacks for every method name of the fix path.
trait FixProbe: Sized {
    fn become_aware(self) -> Absent {
        Absent
    }
    fn fix(self, _report: &Report<Accepted>) -> Absent {
        Absent
    }
    fn deploy(self, _report: &Report<Accepted>) -> Absent {
        Absent
    }
}
impl<F: FixState> FixProbe for FixStatus<F> {}

/// A found method: (from, method name, action it stands for, to).
type Found<S, A> = Vec<(S, &'static str, A, S)>;

fn report_methods() -> Found<RmState, RmAction> {
    let mut found = Vec::new();
    macro_rules! probe {
        ($($marker:ident),+) => {$(
            let from = RmState::$marker;
            let fresh = || Report::<$marker>::try_from(from).unwrap();
            for (name, action, to) in [
                ("receive", RmAction::Receive, fresh().receive().landed()),
                ("validate", RmAction::Validate, fresh().validate().landed()),
                ("invalidate", RmAction::Invalidate, fresh().invalidate().landed()),
                ("accept", RmAction::Accept, fresh().accept().landed()),
                ("defer", RmAction::Defer, fresh().defer().landed()),
                ("close", RmAction::Close, fresh().close().landed()),
            ] {
                if let Some(to) = to {
                    found.push((from, name, action, to));
                }
            }
        )+};
    }
    probe!(Start, Received, Invalid, Valid, Accepted, Deferred, Closed);
    found
}

fn public() -> PublicAwareness {
    PublicAwareness::record(CaseState::INITIAL).unwrap().1
}

fn embargo_methods() -> Found<EmState, EmAction> {
    let mut found = Vec::new();
    macro_rules! probe {
        ($($marker:ident = $variant:ident),+) => {$(
            let from = EmState::$variant;
            let fresh = || Embargo::<$marker>::try_from(from).unwrap();
            for (name, action, to) in [
                ("propose", EmAction::Propose, fresh().propose().landed()),
                ("reject", EmAction::Reject, fresh().reject().landed()),
                ("accept", EmAction::Accept, fresh().accept().landed()),
                ("propose_revision", EmAction::Propose, fresh().propose_revision().landed()),
                ("accept_revision", EmAction::Accept, fresh().accept_revision().landed()),
                ("reject_revision", EmAction::Reject, fresh().reject_revision().landed()),
                ("terminate", EmAction::Terminate, fresh().terminate().landed()),
                ("end_early", EmAction::Terminate, fresh().end_early(public()).landed()),
            ] {
                if let Some(to) = to {
                    found.push((from, name, action, to));
                }
            }
        )+};
    }
    probe!(
        NoEmbargo = None,
        Proposed = Proposed,
        Active = Active,
        Revise = Revise,
        Exited = Exited
    );
    found
}

fn fix_methods() -> Found<Vfd, CsEvent> {
    let mut found = Vec::new();
    let accepted = Report::new().receive().validate().accept();
    macro_rules! probe {
        ($($marker:ident),+) => {$(
            let from = Vfd::$marker;
            let fresh = || FixStatus::<$marker>::try_from(from).unwrap();
            for (name, event, to) in [
                ("become_aware", CsEvent::VendorAware, fresh().become_aware().landed()),
                ("fix", CsEvent::FixReady, fresh().fix(&accepted).landed()),
                ("deploy", CsEvent::FixDeployed, fresh().deploy(&accepted).landed()),
            ] {
                if let Some(to) = to {
                    found.push((from, name, event, to));
                }
            }
        )+};
    }
    probe!(Unaware, Aware, FixReady, FixDeployed);
    found
}

fn edges<S: Ord + Copy, A: Ord + Copy>(found: &Found<S, A>) -> BTreeSet<(S, A, S)> {
    found.iter().map(|&(s, _, a, t)| (s, a, t)).collect()
}

fn rows<S: Ord + Copy, A: Ord + Copy>(table: &[Transition<S, A>]) -> BTreeSet<(S, A, S)> {
    table.iter().map(|t| (t.from, t.action, t.to)).collect()
}

#[test]
fn report_methods_are_exactly_the_rm_table() {
    use RmAction::*;
    use RmState::*;
    let found = edges(&report_methods());
    // Reference §1, the eleven edges, written out independently of the code.
    let reference: BTreeSet<_> = [
        (Start, Receive, Received),
        (Received, Validate, Valid),
        (Received, Invalidate, Invalid),
        (Invalid, Validate, Valid),
        (Invalid, Close, Closed),
        (Valid, Accept, Accepted),
        (Valid, Defer, Deferred),
        (Accepted, Defer, Deferred),
        (Accepted, Close, Closed),
        (Deferred, Accept, Accepted),
        (Deferred, Close, Closed),
    ]
    .into();
    assert_eq!(found, reference);
    assert_eq!(found, rows(&rm::TRANSITIONS));
    // Every (state, action) pair: a method exactly where the runtime machine steps.
    for state in RmState::iter() {
        for action in RmAction::iter() {
            let typed = found.iter().find(|e| e.0 == state && e.1 == action);
            assert_eq!(
                typed.map(|e| e.2),
                Rm::next(state, action),
                "{state} {action}"
            );
        }
    }
}

#[test]
fn embargo_methods_are_exactly_the_em_table() {
    use EmAction::*;
    use EmState::*;
    let methods = embargo_methods();
    let found = edges(&methods);
    // Reference §2, the ten edges.
    let reference: BTreeSet<_> = [
        (None, Propose, Proposed),
        (Proposed, Propose, Proposed),
        (Proposed, Reject, None),
        (Proposed, Accept, Active),
        (Active, Propose, Revise),
        (Revise, Propose, Revise),
        (Revise, Accept, Active),
        (Revise, Reject, Active),
        (Active, Terminate, Exited),
        (Revise, Terminate, Exited),
    ]
    .into();
    assert_eq!(found, reference);
    assert_eq!(found, rows(&em::TRANSITIONS));
    for state in EmState::iter() {
        for action in EmAction::iter() {
            let typed = found.iter().find(|e| e.0 == state && e.1 == action);
            assert_eq!(
                typed.map(|e| e.2),
                Em::next(state, action),
                "{state} {action}"
            );
        }
    }
    // The names follow the messages (reference §5): revisions only while an embargo
    // is in force, and an early end wherever a plain termination is possible.
    let names = |state: EmState| -> BTreeSet<&str> {
        methods
            .iter()
            .filter(|m| m.0 == state)
            .map(|m| m.1)
            .collect()
    };
    assert_eq!(names(None), ["propose"].into());
    assert_eq!(names(Proposed), ["accept", "propose", "reject"].into());
    assert_eq!(
        names(Active),
        ["end_early", "propose_revision", "terminate"].into()
    );
    assert_eq!(
        names(Revise),
        [
            "accept_revision",
            "end_early",
            "propose_revision",
            "reject_revision",
            "terminate"
        ]
        .into()
    );
    assert!(names(Exited).is_empty());
}

#[test]
fn fix_methods_are_exactly_the_fix_path() {
    let found = edges(&fix_methods());
    // Reference §3 constraint 1: vfd → Vfd → VFd → VFD, one event per step.
    let reference: BTreeSet<_> = [
        (Vfd::Unaware, CsEvent::VendorAware, Vfd::Aware),
        (Vfd::Aware, CsEvent::FixReady, Vfd::FixReady),
        (Vfd::FixReady, CsEvent::FixDeployed, Vfd::FixDeployed),
    ]
    .into();
    assert_eq!(found, reference);
    // The runtime case-state machine: every edge taking V, F or D, projected on vfd.
    let runtime: BTreeSet<_> = CaseState::edges()
        .filter(|e| CsEvent::VFD.contains(&e.action))
        .map(|e| (e.from.vfd(), e.action, e.to.vfd()))
        .collect();
    assert_eq!(found, runtime);
    for vfd in Vfd::iter() {
        for event in CsEvent::iter() {
            let typed = found.iter().find(|e| e.0 == vfd && e.1 == event);
            assert_eq!(typed.map(|e| e.2), vfd.after(event), "{vfd} {event}");
        }
    }
}

/// Each marker's `TRANSITIONS` (what the generated code says about itself) names
/// exactly the methods the probe found on it.
#[test]
fn marker_rows_match_the_probed_methods() {
    for state in RmState::iter() {
        let probed: BTreeSet<_> = edges(&report_methods())
            .into_iter()
            .filter(|e| e.0 == state)
            .collect();
        assert_eq!(
            rows(AnyReport::from(state).transitions()),
            probed,
            "{state}"
        );
    }
    for state in EmState::iter() {
        let probed: BTreeSet<_> = edges(&embargo_methods())
            .into_iter()
            .filter(|e| e.0 == state)
            .collect();
        assert_eq!(
            rows(AnyEmbargo::from(state).transitions()),
            probed,
            "{state}"
        );
    }
    for vfd in Vfd::iter() {
        let probed: BTreeSet<_> = edges(&fix_methods())
            .into_iter()
            .filter(|e| e.0 == vfd)
            .collect();
        assert_eq!(rows(AnyFixStatus::from(vfd).transitions()), probed, "{vfd}");
    }
}

#[test]
fn runtime_values_become_the_matching_typed_value_only() {
    for state in RmState::iter() {
        let any = AnyReport::from(state);
        assert_eq!(any.state(), state);
        assert_eq!(RmState::from(any), state);
        // The `match`-friendly enum holds the marker of the state it came from.
        let via_match = match AnyReport::from(state) {
            AnyReport::Start(r) => r.state(),
            AnyReport::Received(r) => r.state(),
            AnyReport::Invalid(r) => r.state(),
            AnyReport::Valid(r) => r.state(),
            AnyReport::Accepted(r) => r.state(),
            AnyReport::Deferred(r) => r.state(),
            AnyReport::Closed(r) => r.state(),
        };
        assert_eq!(via_match, state);
        // A checked conversion succeeds only for the marker's own state.
        let valid = Report::<Valid>::try_from(state);
        if state == RmState::Valid {
            assert_eq!(RmState::from(valid.unwrap()), RmState::Valid);
        } else {
            let err = valid.unwrap_err();
            assert_eq!(
                err,
                WrongState {
                    expected: RmState::Valid,
                    found: state
                }
            );
            assert_eq!(
                err.to_string(),
                format!("expected state `valid`, found `{state}`")
            );
        }
        assert_eq!(
            Report::<Closed>::try_from(state).is_ok(),
            state == RmState::Closed
        );
        assert_eq!(
            Report::<Received>::try_from(AnyReport::from(state)).is_ok(),
            state == RmState::Received
        );
    }
    for state in EmState::iter() {
        assert_eq!(EmState::from(AnyEmbargo::from(state)), state);
        assert_eq!(
            Embargo::<Active>::try_from(state).is_ok(),
            state == EmState::Active
        );
        assert_eq!(
            Embargo::<NoEmbargo>::try_from(state).is_ok(),
            state == EmState::None
        );
    }
    for vfd in Vfd::iter() {
        assert_eq!(Vfd::from(AnyFixStatus::from(vfd)), vfd);
        assert_eq!(FixStatus::<Aware>::try_from(vfd).is_ok(), vfd == Vfd::Aware);
    }
}

#[test]
fn typed_chains_end_where_the_runtime_chains_end() {
    let report = Report::new()
        .receive()
        .invalidate()
        .validate()
        .defer()
        .accept()
        .close();
    let runtime = [
        RmAction::Receive,
        RmAction::Invalidate,
        RmAction::Validate,
        RmAction::Defer,
        RmAction::Accept,
        RmAction::Close,
    ]
    .into_iter()
    .try_fold(RmState::Start, RmState::apply);
    assert_eq!(Ok(RmState::from(report)), runtime);
    assert_eq!(format!("{:?}", Report::new()), "Report(Start)");

    let embargo = Embargo::new()
        .propose()
        .propose()
        .accept()
        .propose_revision()
        .accept_revision()
        .terminate();
    assert_eq!(EmState::from(embargo), EmState::Exited);
    assert_eq!(Embargo::new().propose().reject().state(), EmState::None);
}
