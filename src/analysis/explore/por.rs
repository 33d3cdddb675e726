//! Partial-order reduction: ample sets of one participant's steps.
//!
//! # The reduction
//! In a state `s`, the search may expand only the enabled steps of one participant
//! `i` (an *ample set*) instead of every enabled step, when
//!
//! 1. every step `i` could take from its local state is enabled in `s`: each send
//!    its table lists (room on every outgoing channel, the publication guard
//!    satisfied) and a receipt from every participant linked to it (a message at
//!    the head of the channel, room for the replies on the channel back);
//! 2. none of those steps changes a fact the state invariants read (whether `i`'s
//!    view holds an embargo in force after disclosure, is fixed and public, or is
//!    an unreached vendor), publishes under an embargo or changes a closed
//!    participant;
//! 3. every state those steps lead to (in canonical form, with symmetry reduction)
//!    is new: not stored yet.
//!
//! Otherwise the state is expanded in full. The first participant, in index order,
//! that meets 1–3 is taken.
//!
//! # Why it is sound
//! This is the ample-set method (Clarke, Grumberg & Peled, *Model Checking*,
//! ch. 10; Godefroid's persistent sets), conditions C0–C3:
//!
//! - **Independence.** Steps of two different participants are independent in every
//!   state where both are enabled: neither disables the other and both orders reach
//!   the same state. A participant's step reads and writes its own local state, and
//!   touches channels only at its own ends — it pushes onto channels *from* it and
//!   pops the head of a channel *to* it. Another participant's step can only push
//!   onto the tail of a channel to `i` (which leaves a non-empty channel's head
//!   alone: push and pop commute) or pop a channel from `i` (which only adds room).
//!   The publication guard reads "every vendor reached", which only ever becomes
//!   true (`applies` checks that no step takes a vendor back to an unreached state;
//!   otherwise the reduction is not used).
//! - **C1 (persistence).** Only `i`'s own steps depend on `i`'s steps. Until `i`
//!   moves, its local state is fixed, so the steps it could take are the ones
//!   condition 1 lists, all already enabled and in the ample set: no step dependent
//!   on the ample set can happen before one in it.
//! - **C2 (invisibility).** Condition 2: an ample step leaves every fact the
//!   invariants read unchanged, so it cannot make or unmake a state violation, and
//!   it is not a step violation itself. A step violation is a property of the
//!   mover's local state and move, which steps of others do not change, so a
//!   deferred violating step stays violating.
//! - **C3 (cycles).** Condition 3: a reduced expansion leads only to states stored
//!   after the one expanded, so every cycle of the reduced graph passes through a
//!   fully expanded state and no step is deferred forever.
//!
//! Under C0–C3 every invariant violation reachable in the full model has one
//! reachable in the reduced model (the standard argument: move the first ample step
//! of a violating path to its front, or, if the path has none, prefix it with an
//! ample step, which by C2 keeps it violating; C3 bounds how often the second case
//! repeats). Persistent sets also keep every state without enabled steps, so the
//! terminal and deadlock counts equal the unreduced ones. With symmetry reduction
//! the same argument runs on canonical representatives: each is a real state, its
//! ample set is computed on it, and a violating path from a state maps, under the
//! permutation, to one of the same length from its canonical form.
//!
//! # What it does not keep
//! Counterexamples are still runs of the full model, but no longer necessarily
//! shortest: a violation may be reached only after deferred steps of others. The
//! state count and `max_depth` shrink; transitions counts only those taken.

use crate::participant::Affectedness;

use super::local::LocalTable;

/// Whether the reduction's independence argument holds for these tables: no step
/// takes a vendor from reached back to unreached (the engine's step functions
/// never do; substituted ones might).
pub(crate) fn applies(tables: &[LocalTable]) -> bool {
    tables.iter().all(|table| {
        let unreached = |id: u16| {
            table.state(id).is_some_and(|l| {
                crate::rules::vendor_unreached(table.roles, Affectedness::Unknown, l.state.rm())
            })
        };
        (0..table.states.len()).all(|id| {
            let Ok(id) = u16::try_from(id) else {
                return false;
            };
            unreached(id)
                || (table.sends(id).iter().all(|mv| !unreached(mv.next))
                    && table
                        .receives
                        .iter()
                        .skip(usize::from(id).saturating_mul(super::local::MESSAGE_TYPES))
                        .take(super::local::MESSAGE_TYPES)
                        .all(|rv| !unreached(rv.next)))
        })
    })
}
