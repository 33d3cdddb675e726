//! Per-participant state spaces: closed under the core's `send`/`receive`, every
//! state reachable from the role's start, and the invariants of reference §6.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::BTreeSet;

use mpcvd::analysis::space::{StateSpace, standard_role_sets};
use mpcvd::cs::{CaseState, CsEvent, Vfd};
use mpcvd::message::{MessageType, receive, send};
use mpcvd::protocol::{ProtocolOptions, ProtocolState};
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};

fn space(roles: &[Role]) -> StateSpace {
    StateSpace::explore(RoleSet::of(roles), ProtocolOptions::default())
}

#[test]
fn closed_under_send_and_receive_and_all_reachable() {
    for roles in standard_role_sets() {
        let options = ProtocolOptions::default();
        let s = StateSpace::explore(roles, options);
        let states: BTreeSet<ProtocolState> = s.states().collect();
        assert!(states.contains(&roles.start_state()));
        // Closed: every send the core allows and every receipt stays inside.
        for &state in &states {
            for m in MessageType::all() {
                if let Ok(sent) = send(m, state, roles, options) {
                    assert!(
                        states.contains(&sent.state),
                        "{roles}: send {m} from {state}"
                    );
                }
                let got = receive(m, state, roles, options).state;
                assert!(states.contains(&got), "{roles}: receive {m} in {state}");
            }
        }
        // Minimal: everything is reachable from the start through the recorded steps.
        let mut seen = BTreeSet::from([roles.start_state()]);
        let mut stack = vec![roles.start_state()];
        while let Some(x) = stack.pop() {
            for (_, next) in s.steps(x) {
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
        assert_eq!(seen, states, "{roles}");
        assert_eq!(s.state_count(), states.len());
    }
}

#[test]
fn an_other_never_leaves_vfd() {
    for roles in [
        &[Role::Other][..],
        &[Role::Coordinator],
        &[Role::Finder, Role::Reporter],
    ] {
        let s = space(roles);
        assert!(
            s.states().all(|q| q.cs().vfd() == Vfd::Unaware),
            "{roles:?}"
        );
    }
}

#[test]
fn a_vendor_in_r_i_v_is_aware_without_a_fix() {
    // Reference §6: Vendor with RM ∈ {R, I, V} ⇒ CS ∈ Vfd···.
    let s = space(&[Role::Vendor]);
    let mut seen = 0;
    for q in s.states() {
        if matches!(
            q.rm(),
            RmState::Received | RmState::Invalid | RmState::Valid
        ) {
            assert_eq!(q.cs().vfd(), Vfd::Aware, "{q}");
            seen += 1;
        }
    }
    assert!(seen > 0);
}

#[test]
fn case_states_seen_per_role() {
    // Derived from reference §3 and §6, not from the explorer: a participant never
    // holds the ephemeral `···pX·`; a vendor never holds `v··P··` (the public knowing
    // makes the vendor aware at once); a deployer's own letters are `vfd` or `VFD`;
    // everyone else keeps `vfd`.
    // "X happened ⇒ P happened", and for a vendor "P happened ⇒ V happened".
    let non_ephemeral =
        |c: &CaseState| !c.has(CsEvent::ExploitPublic) || c.has(CsEvent::PublicAware);
    let deploying_vendor: BTreeSet<CaseState> = CaseState::all()
        .filter(non_ephemeral)
        .filter(|c| !c.has(CsEvent::PublicAware) || c.has(CsEvent::VendorAware))
        .collect();
    assert_eq!(deploying_vendor.len(), 20);
    assert_eq!(
        space(&[Role::Vendor, Role::Deployer]).cs_states(),
        deploying_vendor
    );
    // Reference §6: "Vendors without deployment capability never reach VFD".
    let vendor: BTreeSet<CaseState> = deploying_vendor
        .iter()
        .copied()
        .filter(|c| c.vfd() != Vfd::FixDeployed)
        .collect();
    assert_eq!(vendor.len(), 14);
    assert_eq!(space(&[Role::Vendor]).cs_states(), vendor);
    let deployer: BTreeSet<CaseState> = CaseState::all()
        .filter(non_ephemeral)
        .filter(|c| matches!(c.vfd(), Vfd::Unaware | Vfd::FixDeployed))
        .collect();
    assert_eq!(space(&[Role::Deployer]).cs_states(), deployer);
    let other: BTreeSet<CaseState> = CaseState::all()
        .filter(non_ephemeral)
        .filter(|c| c.vfd() == Vfd::Unaware)
        .collect();
    assert_eq!(other.len(), 6);
    assert_eq!(space(&[Role::Other]).cs_states(), other);
}

#[test]
fn roles_with_the_same_powers_have_the_same_space() {
    // Only a deployer deploys (CD), so a vendor that also deploys has more states
    // than a vendor alone: exactly those with `D` (157 and 202 states); a
    // coordinator and an other have the same send rights and scope.
    let states = |r: &[Role]| space(r).states().collect::<Vec<_>>();
    let vendor = states(&[Role::Vendor]);
    let deploying: Vec<ProtocolState> = states(&[Role::Vendor, Role::Deployer]);
    let without_d: Vec<ProtocolState> = deploying
        .iter()
        .copied()
        .filter(|q| q.cs().vfd() != Vfd::FixDeployed)
        .collect();
    assert_eq!(vendor, without_d);
    assert_eq!((vendor.len(), deploying.len()), (157, 202));
    assert_eq!(states(&[Role::Coordinator]), states(&[Role::Other]));
    assert_ne!(states(&[Role::Deployer]), states(&[Role::Other]));
}

#[test]
fn finder_reporters_start_accepted() {
    // Reference §1: a finder's R, I, V are private; it starts the protocol in A.
    let s = space(&[Role::Finder, Role::Reporter]);
    let rm: Vec<RmState> = s.rm_states().into_iter().collect();
    assert_eq!(rm, [RmState::Accepted, RmState::Deferred, RmState::Closed]);
    // Everyone else can pass through every RM state and every EM state.
    for roles in [&[Role::Vendor][..], &[Role::Deployer], &[Role::Other]] {
        let s = space(roles);
        assert_eq!(s.rm_states().len(), 7, "{roles:?}");
        assert_eq!(s.em_states().len(), 5, "{roles:?}");
    }
}

#[test]
fn the_formal_protocol_counts_are_reproduced() {
    // Vultron docs/reference/formal_protocol/states.md publishes 128, 100, 100, 72
    // and 29 states, counting (S,*,*) and (C,*,*) as one state each and ignoring the
    // EM state once P holds, with attacks leaving the embargo alone. The raw
    // (RM, EM, CS) counts are beside them; docs/research.md gives the reasons.
    let count = |roles: &[Role], attacks_end_embargo: bool| {
        let s = StateSpace::explore(
            RoleSet::of(roles),
            ProtocolOptions {
                attacks_end_embargo,
            },
        );
        (s.state_count(), s.class_count())
    };
    // (roles, (raw, classes) when attacks keep the embargo, the same when they end it)
    type Counts = (usize, usize);
    let cases: [(&[Role], Counts, Counts); 6] = [
        (&[Role::Vendor, Role::Deployer], (244, 128), (202, 101)),
        (&[Role::Vendor], (190, 100), (157, 79)),
        (&[Role::Deployer], (180, 100), (150, 79)),
        (&[Role::Other], (126, 72), (105, 57)),
        (&[Role::Coordinator], (126, 72), (105, 57)),
        (&[Role::Finder, Role::Reporter], (54, 29), (45, 23)),
    ];
    for (roles, keep, end) in cases {
        assert_eq!(
            count(roles, false),
            keep,
            "{roles:?}, attacks keep the embargo"
        );
        assert_eq!(
            count(roles, true),
            end,
            "{roles:?}, attacks end the embargo"
        );
    }
}
