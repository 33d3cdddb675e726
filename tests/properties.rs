//! Property tests: random action sequences on RM, EM, PEC and CS stay inside each
//! table (accepted steps are rows, refused steps keep the state and say why); JSON
//! round-trips every state of every machine and random protocol states and sets;
//! random send/receive sequences never break a participant's invariants.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::BTreeSet;
use std::fmt::Debug;

use mpcvd::cs::{self, CaseState, Cs, CsEvent, Pxa, Vfd};
use mpcvd::em::{Em, EmAction, EmState};
use mpcvd::machine::{Machine, MachineKind, Transition};
use mpcvd::message::{MessageType, Outcome, receive, send};
use mpcvd::pec::{Pec, PecAction, PecState};
use mpcvd::protocol::{CsScope, ProtocolOptions, ProtocolState};
use mpcvd::rm::{Rm, RmAction, RmState};
use mpcvd::role::{Role, RoleSet};
use mpcvd::set::{Indexed, Set};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Cases per property: `MPCVD_PROPTEST_CASES` when set (CI and long runs raise
/// it), else a fixed, moderate 2,000 so the everyday suite stays fast.
fn cases() -> u32 {
    std::env::var("MPCVD_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(2000, |n: u32| n.max(2000))
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // No regression files.
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases())
    }
}

/// Every value of an `Indexed` type.
fn every<T: Indexed>() -> Vec<T> {
    (0..=u8::MAX).filter_map(T::from_index).collect()
}

/// The states a table mentions, plus the initial state.
fn table_states<M: Machine>() -> Vec<M::State> {
    let mut out = vec![M::INITIAL];
    for row in M::TRANSITIONS {
        for s in [row.from, row.to] {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// Walks `actions` from `start`; every step is a row or a refusal that keeps the state.
fn walk<M: Machine>(start: M::State, actions: &[M::Action]) -> Result<(), TestCaseError>
where
    M::State: Debug,
{
    let states = table_states::<M>();
    let mut state = start;
    for &action in actions {
        match M::apply(state, action) {
            Ok(to) => {
                let row = Transition::new(state, action, to);
                prop_assert!(M::TRANSITIONS.contains(&row), "{row:?} is not a table row");
                prop_assert!(M::allowed_actions(state).contains(action));
                state = to;
            }
            Err(err) => {
                prop_assert_eq!(err.machine, M::KIND);
                prop_assert!(err.from == state, "the refusal names another state");
                prop_assert!(err.action == action);
                prop_assert_eq!(err.allowed, M::allowed_actions(state));
                prop_assert!(!err.allowed.contains(action));
                prop_assert!(
                    !M::TRANSITIONS
                        .iter()
                        .any(|r| r.from == state && r.action == action),
                    "refused although the table has a row"
                );
            }
        }
        prop_assert!(states.contains(&state), "{state:?} is outside the table");
    }
    Ok(())
}

fn pick<T: Indexed + Debug>() -> impl Strategy<Value = T> {
    prop::sample::select(every::<T>())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rm_random_walks_stay_in_the_table(
        start in pick::<RmState>(),
        actions in prop::collection::vec(pick::<RmAction>(), 0..40),
    ) {
        prop_assert_eq!(Rm::KIND, MachineKind::Rm);
        walk::<Rm>(start, &actions)?;
        walk::<Rm>(Rm::INITIAL, &actions)?;
    }

    #[test]
    fn em_random_walks_stay_in_the_table(
        start in pick::<EmState>(),
        actions in prop::collection::vec(pick::<EmAction>(), 0..40),
    ) {
        walk::<Em>(start, &actions)?;
        walk::<Em>(Em::INITIAL, &actions)?;
    }

    #[test]
    fn pec_random_walks_stay_in_the_table(
        start in pick::<PecState>(),
        actions in prop::collection::vec(pick::<PecAction>(), 0..40),
    ) {
        walk::<Pec>(start, &actions)?;
        walk::<Pec>(Pec::INITIAL, &actions)?;
    }

    #[test]
    fn cs_random_walks_stay_in_the_table(
        start in prop::sample::select(CaseState::all().collect::<Vec<_>>()),
        events in prop::collection::vec(pick::<CsEvent>(), 0..12),
    ) {
        walk::<Cs>(start, &events)?;
        // The case state's own API agrees with the generic one, and only ever raises
        // letters.
        let mut state = start;
        for &e in &events {
            match state.apply(e) {
                Ok(next) => {
                    prop_assert!(cs::TRANSITIONS.contains(&Transition::new(state, e, next)));
                    prop_assert_eq!(next.bits(), state.bits() | e.bit());
                    prop_assert!(CaseState::from_bits(next.bits()).is_some());
                    state = next;
                }
                Err(err) => {
                    prop_assert_eq!(err.from, state);
                    prop_assert_eq!(err.event, e);
                    prop_assert_eq!(err.allowed, state.allowed_events());
                    prop_assert_eq!(state.next(e), None);
                }
            }
        }
    }

    #[test]
    fn sets_round_trip_through_json(bits in 0u32..(1 << 7)) {
        let rm: Set<RmState> = every::<RmState>()
            .into_iter()
            .filter(|s| bits & (1 << s.index()) != 0)
            .collect();
        prop_assert_eq!(json_round_trip(&rm), rm);
        prop_assert_eq!(rm.len(), bits.count_ones() as usize);
        let roles: RoleSet = every::<Role>()
            .into_iter()
            .filter(|r| bits & (1 << r.index()) != 0)
            .collect();
        prop_assert_eq!(json_round_trip(&roles), roles);
        if !roles.is_empty() {
            prop_assert_eq!(roles.to_string().parse::<RoleSet>().unwrap(), roles);
        }
    }

    #[test]
    fn protocol_states_round_trip_or_are_refused(
        rm in pick::<RmState>(),
        em in pick::<EmState>(),
        cs in prop::sample::select(CaseState::all().collect::<Vec<_>>()),
    ) {
        let raw = serde_json::json!({ "rm": rm, "em": em, "cs": cs });
        let parsed = serde_json::from_value::<ProtocolState>(raw.clone());
        match ProtocolState::new(rm, em, cs) {
            Ok(state) => {
                prop_assert_eq!(serde_json::to_value(state).unwrap(), raw);
                prop_assert_eq!(parsed.unwrap(), state);
                prop_assert_eq!((state.rm(), state.em(), state.cs()), (rm, em, cs));
            }
            Err(_) => prop_assert!(parsed.is_err(), "accepted an impossible {raw}"),
        }
    }

    #[test]
    fn random_sends_and_receipts_keep_the_invariants(
        roles in prop::collection::vec(pick::<Role>(), 1..3),
        from_start in any::<bool>(),
        start in prop::sample::select(consistent_states()),
        steps in prop::collection::vec(
            (any::<bool>(), pick::<MessageType>(), any::<bool>()),
            0..40,
        ),
    ) {
        let roles: RoleSet = roles.into_iter().collect();
        let mut state = if from_start { roles.start_state() } else { start };
        prop_assert_eq!(
            ProtocolState::new(state.rm(), state.em(), state.cs()),
            Ok(state)
        );
        for (sending, message, attacks_end_embargo) in steps {
            let options = ProtocolOptions { attacks_end_embargo };
            let before = state;
            if sending {
                match send(message, before, roles, options) {
                    Ok(sent) => {
                        state = sent.state;
                        // The message itself comes first, after the `ER` of a
                        // proposal its CS event ended (issue 21: ER precedes CP).
                        let own = match sent.messages {
                            [MessageType::ER, rest @ ..] if message != MessageType::ER => rest,
                            all => all,
                        };
                        prop_assert_eq!(own.first(), Some(&message));
                        check_announced(roles, message, before, &sent)?;
                    }
                    Err(_) => prop_assert_eq!(state, before),
                }
            } else {
                let got = receive(message, before, roles, options);
                state = got.state;
                match got.outcome {
                    Outcome::Applied => prop_assert_ne!(state, before),
                    Outcome::Unchanged | Outcome::Unexpected | Outcome::Ignored => {
                        prop_assert_eq!(state, before);
                    }
                    Outcome::EmbargoRefused => {}
                }
                prop_assert_eq!(got.outcome == Outcome::Ignored, got.replies.is_empty());
                if before.rm() == RmState::Closed {
                    prop_assert_eq!(got.outcome, Outcome::Ignored);
                }
            }
            check_step(roles, before, state)?;
        }
    }
}

fn json_round_trip<T: Serialize + DeserializeOwned>(value: &T) -> T {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

fn consistent_states() -> Vec<ProtocolState> {
    let mut out = Vec::new();
    for rm in every::<RmState>() {
        for em in every::<EmState>() {
            for cs in CaseState::all() {
                out.extend(ProtocolState::new(rm, em, cs));
            }
        }
    }
    out
}

/// One step of a participant: still consistent, and each part moved only as its
/// machine allows.
fn check_step(
    roles: RoleSet,
    before: ProtocolState,
    after: ProtocolState,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        ProtocolState::new(after.rm(), after.em(), after.cs()),
        Ok(after),
        "inconsistent after a step from {}",
        before
    );
    if before.rm() != after.rm() {
        prop_assert!(
            every::<RmAction>()
                .into_iter()
                .any(|a| Rm::next(before.rm(), a) == Some(after.rm())),
            "RM {} -> {} is no table row",
            before.rm(),
            after.rm()
        );
    }
    if before.em() != after.em() {
        prop_assert!(
            every::<EmAction>()
                .into_iter()
                .any(|a| Em::next(before.em(), a) == Some(after.em())),
            "EM {} -> {} is no table row",
            before.em(),
            after.em()
        );
    }
    let (b, a) = (before.cs().bits(), after.cs().bits());
    prop_assert_eq!(
        a & b,
        b,
        "CS letters went back: {} -> {}",
        before.cs(),
        after.cs()
    );
    match roles.scope() {
        CsScope::Observer => prop_assert_eq!(after.cs().vfd(), before.cs().vfd()),
        CsScope::Deployer => prop_assert!(
            after.cs().vfd() == before.cs().vfd() || after.cs().vfd() == Vfd::FixDeployed
        ),
        CsScope::Vendor | CsScope::DeployingVendor => {
            // Every change is a path in the case-state graph.
            prop_assert!(reachable(before.cs(), after.cs()));
        }
    }
    // Reference §6: vendors without deployment capability never reach VFD.
    if roles.scope() == CsScope::Vendor && before.cs().vfd() != Vfd::FixDeployed {
        prop_assert_ne!(after.cs().vfd(), Vfd::FixDeployed);
    }
    Ok(())
}

fn reachable(from: CaseState, to: CaseState) -> bool {
    let mut seen = BTreeSet::from([from]);
    let mut frontier = vec![from];
    while let Some(s) = frontier.pop() {
        if s == to {
            return true;
        }
        for e in s.allowed_events().iter() {
            let next = s.next(e).unwrap();
            if seen.insert(next) {
                frontier.push(next);
            }
        }
    }
    false
}

/// A CS send announces exactly the events it recorded.
fn check_announced(
    roles: RoleSet,
    message: MessageType,
    before: ProtocolState,
    sent: &mpcvd::message::Sent,
) -> Result<(), TestCaseError> {
    let letter = |m: MessageType| {
        CsEvent::ALL
            .into_iter()
            .find(|e| m.code() == format!("C{}", e.letter()))
    };
    let announced: Set<CsEvent> = sent.messages.iter().filter_map(|&m| letter(m)).collect();
    if message == MessageType::CV && !roles.scope().is_vendor() {
        // The notifier reports the vendor it reached: it records nothing itself.
        prop_assert_eq!(sent.state, before, "{} from {}", message, before);
        prop_assert!(sent.recorded.is_empty());
        return Ok(());
    }
    prop_assert_eq!(announced, sent.recorded, "{} from {}", message, before);
    if roles.scope() != CsScope::Deployer {
        let raised = sent.state.cs().bits() & !before.cs().bits();
        let recorded: u8 = sent.recorded.iter().map(CsEvent::bit).fold(0, |x, y| x | y);
        prop_assert_eq!(raised, recorded, "{} from {}", message, before);
    }
    Ok(())
}

#[test]
fn every_state_of_every_machine_round_trips_through_json() {
    fn all<T>(values: Vec<T>)
    where
        T: Serialize + DeserializeOwned + PartialEq + Debug + ToString,
    {
        for v in values {
            assert_eq!(json_round_trip(&v), v);
            // The JSON string is the display form.
            assert_eq!(
                serde_json::to_string(&v).unwrap(),
                format!("\"{}\"", v.to_string())
            );
        }
    }
    all(every::<RmState>());
    all(every::<RmAction>());
    all(every::<EmState>());
    all(every::<EmAction>());
    all(every::<PecState>());
    all(every::<PecAction>());
    all(every::<CsEvent>());
    all(every::<Vfd>());
    all(every::<Role>());
    all(every::<MachineKind>());
    all(every::<MessageType>());
    all(CaseState::all().collect());
    all(CaseState::all().map(|s| s.pxa()).collect::<Vec<Pxa>>());
    for state in consistent_states() {
        assert_eq!(json_round_trip(&state), state);
    }
}
