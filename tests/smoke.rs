//! Quick counts from the code.
use mpcvd::cs::{CaseState, History, EDGE_COUNT};
#[test]
fn counts() {
    assert_eq!(CaseState::all().count(), 32);
    assert_eq!(EDGE_COUNT, 58);
    assert_eq!(CaseState::edges().count(), 58);
    assert_eq!(History::all().len(), 70);
}
