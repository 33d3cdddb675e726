//! Complete histories: the orders in which all six events can happen.

use core::fmt;

use serde::{Serialize, Serializer};

use super::{CaseState, CsEvent};

/// A complete history: the six events in the order they happened, a path from
/// `vfdpxa` to `VFDPXA` in the case-state graph. Prints as e.g. `VFDPXA`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct History {
    events: [CsEvent; 6],
}

impl History {
    /// The events in order.
    #[must_use]
    pub const fn events(&self) -> &[CsEvent; 6] {
        &self.events
    }

    /// The history with these events, if it is a path of the case-state graph.
    #[must_use]
    pub fn new(events: [CsEvent; 6]) -> Option<Self> {
        events
            .iter()
            .try_fold(CaseState::INITIAL, |state, &event| state.next(event))
            .map(|_| Self { events })
    }

    /// The states visited, `vfdpxa` first and `VFDPXA` last (seven states).
    #[must_use]
    pub fn states(&self) -> [CaseState; 7] {
        let mut states = [CaseState::INITIAL; 7];
        let mut bits = 0u8;
        for (slot, event) in states.iter_mut().skip(1).zip(self.events) {
            bits |= event.bit();
            *slot = CaseState::from_bits(bits).unwrap_or(CaseState::INITIAL);
        }
        states
    }

    /// Whether `earlier` happened before `later` in this history.
    #[must_use]
    pub fn precedes(&self, earlier: CsEvent, later: CsEvent) -> bool {
        let position = |e: CsEvent| self.events.iter().position(|&x| x == e);
        matches!((position(earlier), position(later)), (Some(a), Some(b)) if a < b)
    }

    /// Every complete history, in lexicographic order of event index; computed by a
    /// depth-first walk of the case-state graph (70 of the 720 orderings).
    #[must_use]
    pub fn all() -> Vec<Self> {
        let mut out = Vec::new();
        let mut path = [CsEvent::VendorAware; 6];
        walk(CaseState::INITIAL, 0, &mut path, &mut out);
        out
    }
}

fn walk(state: CaseState, depth: usize, path: &mut [CsEvent; 6], out: &mut Vec<History>) {
    if state == CaseState::FINAL {
        out.push(History { events: *path });
        return;
    }
    for event in state.allowed_events().iter() {
        if let (Some(slot), Some(next)) = (path.get_mut(depth), state.next(event)) {
            *slot = event;
            walk(next, depth.saturating_add(1), path, out);
        }
    }
}

impl fmt::Display for History {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for event in self.events {
            write!(f, "{event}")?;
        }
        Ok(())
    }
}

impl Serialize for History {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
