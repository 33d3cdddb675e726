//! The marker traits are sealed: no new states outside mpcvd.
use mpcvd::machine::Transition;
use mpcvd::rm::{RmAction, RmState};
use mpcvd::typed::ReportState;

enum Escalated {}

impl ReportState for Escalated {
    const STATE: RmState = RmState::Accepted;
    const TRANSITIONS: &'static [Transition<RmState, RmAction>] = &[];
}

fn main() {}
