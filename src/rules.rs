//! Protocol rules the case engine and the explorer share, as pure predicates.
//!
//! The case refuses or warns with them (`src/case`); the explorer prunes the moves
//! they forbid (`analysis::explore`), so both read one encoding of each rule
//! (`tests/explore_vs_case.rs` replays explorer runs through the case to check that
//! they agree). Each predicate is the only encoding of its rule.

use crate::em::EmState;
use crate::message::MessageType;
use crate::participant::Affectedness;
use crate::rm::RmState;
use crate::role::{Role, RoleSet};

/// Rule `embargo.self-accept`: `kind` accepts terms (`EA` a proposal, `EC` a
/// revision) that its sender proposed itself.
#[must_use]
pub const fn self_accept(kind: MessageType, proposed_by_sender: bool) -> bool {
    matches!(kind, MessageType::EA | MessageType::EC) && proposed_by_sender
}

/// Whether sending `kind` makes the vulnerability public: `CP`, and `CX` (a public
/// exploit implies public awareness).
#[must_use]
pub const fn publishes(kind: MessageType) -> bool {
    matches!(kind, MessageType::CP | MessageType::CX)
}

/// Rule `publish.embargo-in-force`: while the embargo is `em`, publication breaks
/// it (an embargo is in force: `A` or `R`).
#[must_use]
pub fn embargo_forbids_publication(em: EmState) -> bool {
    em.is_in_force()
}

/// Rule `publish.embargo-in-force` for a message: `kind` publishes while the
/// embargo `em` is in force.
#[must_use]
pub fn publishes_under_embargo(kind: MessageType, em: EmState) -> bool {
    publishes(kind) && embargo_forbids_publication(em)
}

/// Rule `publish.vendors-unreached`, per participant: one holding `roles`, with
/// products `affected` and report state `rm`, is a vendor that publication must
/// wait for (a vendor not marked unaffected that the report has not reached).
#[must_use]
pub fn vendor_unreached(roles: RoleSet, affected: Affectedness, rm: RmState) -> bool {
    roles.contains(Role::Vendor) && affected != Affectedness::NotAffected && !rm.is_reached()
}
