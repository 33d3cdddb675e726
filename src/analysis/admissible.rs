//! Whether an observation is one the model allows: an observed history or dated row
//! that no complete history of the model extends (e.g. `F` before `V` in the standard
//! model) is reported, since scoring it against the model's baselines would compare
//! unlike things.
//!
//! - A **history** (possibly partial) must be a path from the initial state: each
//!   event must be allowed ([`ProcessModel::allowed`]) where it happens.
//! - A **dated row** under [`Missing::NotYet`] is the partial history its dates give;
//!   events on the same day (or at the same time) may have happened in any order, and
//!   the row is allowed when some order is. Under [`Missing::Unknown`] an undated
//!   event may have happened at any time, so only the model's orderings are checked,
//!   between dated events that are strictly ordered.

use core::cmp::Ordering;

use super::observed::{DatedRow, Missing, Rules};
use super::variant::{EventId, EventSet, ProcessModel};

/// Why the model forbids a history, or `None` if it allows it.
#[must_use]
pub fn forbidden_history(model: &ProcessModel, events: &[EventId]) -> Option<String> {
    let mut state = model.initial();
    for &event in events {
        let allowed = model.allowed(state);
        if !allowed.contains(event) {
            return Some(not_allowed(model, state, event, allowed));
        }
        state = state.with(event);
    }
    None
}

/// Why the model forbids a dated row, or `None` if it allows it (see the module
/// docs).
#[must_use]
pub fn forbidden_row(model: &ProcessModel, row: &DatedRow, rules: Rules) -> Option<String> {
    let mut dated: Vec<(EventId, super::observed::Timestamp)> = model
        .event_ids()
        .filter_map(|e| row.dates.get(e.index()).copied().flatten().map(|t| (e, t)))
        .collect();
    if rules.missing == Missing::Unknown {
        return model.orderings().iter().find_map(|o| {
            let at = |e: EventId| dated.iter().find(|(x, _)| *x == e).map(|&(_, t)| t);
            match (at(o.before), at(o.after)) {
                (Some(a), Some(b)) if b.compare(a) == Ordering::Less => Some(format!(
                    "`{}` happened before `{}`, but the model requires {}",
                    model.letter(o.after),
                    model.letter(o.before),
                    model.precedence_text(*o)
                )),
                _ => None,
            }
        });
    }
    dated.sort_by(|a, b| a.1.compare(b.1));
    let mut state = model.initial();
    let mut rest = dated.as_slice();
    while let Some(&(_, first)) = rest.first() {
        let size = rest
            .iter()
            .take_while(|(_, t)| t.compare(first) == Ordering::Equal)
            .count();
        let (group, tail) = rest.split_at(size);
        let events = group.iter().fold(EventSet::EMPTY, |s, &(e, _)| s.with(e));
        if !some_order_allowed(model, state, events) {
            let names: String = group.iter().map(|&(e, _)| model.letter(e)).collect();
            return Some(match group {
                [(event, _)] => not_allowed(model, state, *event, model.allowed(state)),
                _ => format!(
                    "no order of `{names}` (same time) is allowed in state `{}`",
                    model.state_text(state)
                ),
            });
        }
        state = EventSet::from_bits(state.bits() | events.bits());
        rest = tail;
    }
    None
}

/// Whether the events of `group` can all happen, in some order, from `state`
/// (search over the subsets of `group`: at most 2^16).
fn some_order_allowed(model: &ProcessModel, state: EventSet, group: EventSet) -> bool {
    let target = EventSet::from_bits(state.bits() | group.bits());
    let mut seen = std::collections::BTreeSet::from([state.bits()]);
    let mut frontier = vec![state];
    while let Some(at) = frontier.pop() {
        if at == target {
            return true;
        }
        for event in model.allowed(at).intersection(group).iter() {
            let next = at.with(event);
            if seen.insert(next.bits()) {
                frontier.push(next);
            }
        }
    }
    false
}

fn not_allowed(model: &ProcessModel, state: EventSet, event: EventId, allowed: EventSet) -> String {
    let letters: String = allowed.iter().map(|e| model.letter(e)).collect();
    format!(
        "`{}` cannot happen in state `{}` (the model allows {})",
        model.letter(event),
        model.state_text(state),
        if letters.is_empty() {
            "nothing".to_owned()
        } else {
            letters
        }
    )
}
