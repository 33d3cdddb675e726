//! The compact set: every value of every indexed type keeps its own bit, including
//! the 64 indices of case states (a regression: a 32-bit set folded `A` onto `pxa`).

use mpcvd::cs::{CaseState, Cs, CsEvent};
use mpcvd::machine::Machine;
use mpcvd::set::Set;

#[test]
fn case_state_sets_keep_all_32_states_apart() {
    let all: Set<CaseState> = CaseState::all().collect();
    assert_eq!(all.len(), 32);
    assert_eq!(
        all.iter().collect::<Vec<_>>(),
        CaseState::all().collect::<Vec<_>>()
    );
    for state in CaseState::all() {
        assert_eq!(Set::only(state).iter().collect::<Vec<_>>(), vec![state]);
    }
}

#[test]
fn sources_of_each_event_match_the_edge_table() {
    for event in CsEvent::ALL {
        let from_table = CaseState::edges().filter(|t| t.action == event).count();
        assert_eq!(Cs::sources(event).len(), from_table, "{event}");
    }
    // Every one of the 16 states where P has not happened can take it: neither
    // forcing rule ever forbids P (reference §3).
    assert_eq!(Cs::sources(CsEvent::PublicAware).len(), 16);
}
