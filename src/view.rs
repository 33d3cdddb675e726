//! What each participant has been told: the views a message's sender may have held.
//!
//! Reference §6: the protocol MUST NOT depend on perfect information. Messages cross
//! in flight, but each link is FIFO, so what a participant can believe about the
//! *shared* parts of a case (the embargo's EM state and the public facts `pxa`) is
//! one of the states the hub has made known to it, in order, since the last one it
//! is known to have seen. Its own RM state and fix status it always knows exactly.
//!
//! A [`View`] is that ordered list, `[confirmed, pending₁, pending₂, …]`, of
//! [`Told`] entries. [`judge`] checks a message against every candidate (the hub's
//! own state, and each entry of the sender's view): the message is a violation only
//! if no candidate allows it.
//!
//! How the list moves (all operations are deterministic and bounded):
//! - [`View::tell`]: the hub made a notice due to the participant (a message it is a
//!   recipient of, or a reply to its own); the hub's state after the input is
//!   appended unless equal to the latest entry.
//! - [`View::after_send`]: the participant's own message shows which entry it held:
//!   entry `k` (the oldest that allows the message) becomes the state the message
//!   led to, and entries before it are dropped.
//! - [`View::acknowledge`]: an `EK` (or `CK`) confirms, by FIFO, the oldest pending
//!   embargo (or public-facts) notice: the entries before it are dropped.
//! - On overflow ([`MAX_TOLD`] entries), [`View::tell`] drops the oldest entry: after
//!   that many notices in flight the participant is assumed to have seen the first.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::cs::{CaseState, Pxa, Vfd};
use crate::em::EmState;
use crate::message::{MessageType, SendError, Sent, send};
use crate::protocol::{ProtocolOptions, ProtocolState};
use crate::rm::RmState;
use crate::role::RoleSet;

/// The most entries a [`View`] holds.
pub const MAX_TOLD: usize = 8;

/// The shared parts of a case as made known to a participant at one point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Told {
    /// The embargo's EM state.
    pub em: EmState,
    /// The public facts.
    pub pxa: Pxa,
}

impl Told {
    /// Nothing proposed, nothing public: what a case starts with.
    pub const START: Self = Self {
        em: EmState::None,
        pxa: Pxa::NONE,
    };

    /// The shared parts of `state`.
    #[must_use]
    pub const fn of(state: ProtocolState) -> Self {
        Self {
            em: state.em(),
            pxa: state.cs().pxa(),
        }
    }

    /// The protocol state of a participant with `rm` and `vfd` holding this view, if
    /// the combination is consistent.
    #[must_use]
    pub fn state(self, rm: RmState, vfd: Vfd) -> Option<ProtocolState> {
        ProtocolState::new(rm, self.em, CaseState::new(vfd, self.pxa)).ok()
    }
}

impl Default for Told {
    fn default() -> Self {
        Self::START
    }
}

/// What the hub has made known to one participant, oldest first; never empty, at
/// most [`MAX_TOLD`] entries, no two neighbours equal. See the [module docs](self).
///
/// Serialised as the list of entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<Told>", into = "Vec<Told>")]
pub struct View {
    /// Entries `0..len` are used; the rest are [`Told::START`] (so derived equality
    /// and hashing see only the entries).
    entries: [Told; MAX_TOLD],
    len: u8,
}

/// Why a list of entries is not a [`View`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ViewError {
    /// No entries.
    #[error("view: a participant's view holds at least one entry")]
    Empty,
    /// More than [`MAX_TOLD`] entries.
    #[error("view: at most {MAX_TOLD} entries, found {0}")]
    TooLong(usize),
    /// Two neighbouring entries are equal.
    #[error("view: neighbouring entries are equal (they are kept merged)")]
    Repeated,
}

impl View {
    /// A view holding only `told` (a participant joining the case is told its state).
    #[must_use]
    pub const fn new(told: Told) -> Self {
        let mut entries = [Told::START; MAX_TOLD];
        entries[0] = told;
        Self { entries, len: 1 }
    }

    /// The entries, oldest first.
    #[must_use]
    pub fn entries(&self) -> &[Told] {
        self.entries.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// The latest entry: what the participant will hold once every notice arrives.
    #[must_use]
    pub fn latest(&self) -> Told {
        self.entries().last().copied().unwrap_or_default()
    }

    /// The entry the participant is known to have seen.
    #[must_use]
    pub fn confirmed(&self) -> Told {
        self.entries().first().copied().unwrap_or_default()
    }

    /// Rebuilds from `entries` (merging equal neighbours, keeping the newest
    /// [`MAX_TOLD`]); `fallback` if `entries` is empty.
    fn rebuild(entries: impl IntoIterator<Item = Told>, fallback: Told) -> Self {
        // Built in place (no allocation): when full, the oldest entry is dropped to
        // make room, which keeps the newest `MAX_TOLD` of the merged list.
        let mut out = Self::new(fallback);
        let mut len = 0usize;
        for told in entries {
            if len > 0 && out.entries.get(len.saturating_sub(1)) == Some(&told) {
                continue;
            }
            if len == MAX_TOLD {
                out.entries.rotate_left(1);
                len = len.saturating_sub(1);
            }
            if let Some(slot) = out.entries.get_mut(len) {
                *slot = told;
                len = len.saturating_add(1);
            }
        }
        if len == 0 {
            return Self::new(fallback);
        }
        // Unused slots hold `Told::START` (derived equality sees every slot).
        for slot in out.entries.iter_mut().skip(len) {
            *slot = Told::START;
        }
        out.len = u8::try_from(len).unwrap_or(u8::MAX);
        out
    }

    /// The hub made `told` known to the participant: appended unless it is the
    /// latest entry already; when full, the oldest entry is dropped.
    pub fn tell(&mut self, told: Told) {
        if self.latest() == told {
            return;
        }
        // The entries are merged already and `told` differs from the latest, so it
        // is appended as it is (what `rebuild` of the entries and `told` gives).
        let len = usize::from(self.len);
        if len == MAX_TOLD {
            self.entries.rotate_left(1);
            if let Some(last) = self.entries.last_mut() {
                *last = told;
            }
        } else if let Some(slot) = self.entries.get_mut(len) {
            *slot = told;
            self.len = self.len.saturating_add(1);
        }
    }

    /// The participant sent a message judged from entry `k` (`None`: from the hub's
    /// own state, none of its entries), leading it to `result`: the list becomes
    /// `[result] ++ entries after k`.
    pub fn after_send(&mut self, k: Option<usize>, result: Told) {
        let after = k.map_or(usize::from(self.len), |k| k.saturating_add(1));
        let old = *self;
        let rest = old.entries().get(after..).unwrap_or(&[]);
        *self = Self::rebuild(core::iter::once(result).chain(rest.iter().copied()), result);
    }

    /// The participant acknowledged `ack` (`EK`: an embargo notice; `CK`: a
    /// public-facts notice; others change nothing). By FIFO it has seen the oldest
    /// pending notice of that model: the entries before it are dropped.
    pub fn acknowledge(&mut self, ack: MessageType) {
        let changed = |a: &Told, b: &Told| match ack {
            MessageType::EK => a.em != b.em,
            MessageType::CK => a.pxa != b.pxa,
            _ => false,
        };
        let entries = self.entries();
        let first_pending = entries
            .iter()
            .zip(entries.iter().skip(1))
            .position(|(a, b)| changed(a, b));
        if let Some(i) = first_pending {
            let old = *self;
            let rest = old.entries().get(i.saturating_add(1)..).unwrap_or(&[]);
            *self = Self::rebuild(rest.iter().copied(), old.latest());
        }
    }
}

impl Default for View {
    fn default() -> Self {
        Self::new(Told::START)
    }
}

impl TryFrom<Vec<Told>> for View {
    type Error = ViewError;

    fn try_from(entries: Vec<Told>) -> Result<Self, ViewError> {
        if entries.is_empty() {
            return Err(ViewError::Empty);
        }
        if entries.len() > MAX_TOLD {
            return Err(ViewError::TooLong(entries.len()));
        }
        if entries
            .iter()
            .zip(entries.iter().skip(1))
            .any(|(a, b)| a == b)
        {
            return Err(ViewError::Repeated);
        }
        Ok(Self::rebuild(entries, Told::START))
    }
}

impl From<View> for Vec<Told> {
    fn from(view: View) -> Self {
        view.entries().to_vec()
    }
}

/// A message judged against every view its sender could hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judgement {
    /// The send rule checked against the hub's own state.
    pub current: Result<Sent, SendError>,
    /// The oldest entry of the sender's view that allows the message, with what the
    /// send did from there.
    pub oldest: Option<(usize, Sent)>,
    /// The latest entry that allows it.
    pub latest: Option<(usize, Sent)>,
}

impl Judgement {
    /// Whether some view the sender could hold allows the message.
    #[must_use]
    pub const fn allowed(&self) -> bool {
        self.current.is_ok() || self.oldest.is_some()
    }

    /// The entry of the sender's view the message is judged from, if stale: allowed
    /// only by a view the hub has moved past (the message crossed a notice).
    #[must_use]
    pub fn stale(&self) -> Option<(usize, Sent)> {
        if self.current.is_ok() {
            None
        } else {
            self.latest
        }
    }

    /// Where the sender's view stands after the message: the entry it was judged
    /// from (the oldest allowing one; `None` for the hub's own state) and the state
    /// the send led to from there.
    #[must_use]
    pub fn basis(&self) -> Option<(Option<usize>, Told)> {
        match (self.oldest, self.current) {
            (Some((k, sent)), _) => Some((Some(k), Told::of(sent.state))),
            (None, Ok(sent)) => Some((None, Told::of(sent.state))),
            (None, Err(_)) => None,
        }
    }
}

/// Judges `message` from a sender with own state `rm`/`vfd` and `roles`, against the
/// hub's shared state `hub` and each entry of the sender's `view`.
///
/// # Example
/// ```
/// use mpcvd::em::EmState;
/// use mpcvd::cs::{Pxa, Vfd};
/// use mpcvd::message::MessageType;
/// use mpcvd::protocol::ProtocolOptions;
/// use mpcvd::rm::RmState;
/// use mpcvd::role::{Role, RoleSet};
/// use mpcvd::view::{judge, Told, View};
/// let proposed = Told { em: EmState::Proposed, pxa: Pxa::NONE };
/// let active = Told { em: EmState::Active, pxa: Pxa::NONE };
/// let mut view = View::new(proposed);
/// view.tell(active);
/// let vendor = RoleSet::of(&[Role::Vendor]);
/// // The hub is `A`, but the vendor's EA may have been sent while it saw `P`.
/// let j = judge(MessageType::EA, RmState::Received, Vfd::Aware, active, &view, vendor, ProtocolOptions::default());
/// assert!(j.current.is_err());
/// assert_eq!(j.stale().map(|(k, _)| k), Some(0));
/// ```
#[must_use]
pub fn judge(
    message: MessageType,
    rm: RmState,
    vfd: Vfd,
    hub: Told,
    view: &View,
    roles: RoleSet,
    options: ProtocolOptions,
) -> Judgement {
    let hub_state = hub.state(rm, vfd);
    let current = match hub_state {
        Some(state) => send(message, state, roles, options),
        // The hub's own state is consistent; judge it unchecked as the case does.
        None => send(
            message,
            ProtocolState::assemble(rm, hub.em, CaseState::new(vfd, hub.pxa)),
            roles,
            options,
        ),
    };
    // An entry equal to the hub's state (usually the latest) has the verdict just
    // found; only the others are sent from again.
    let from = |told: Told| -> Option<Sent> {
        if told == hub && hub_state.is_some() {
            return current.ok();
        }
        send(message, told.state(rm, vfd)?, roles, options).ok()
    };
    let mut allowing = view
        .entries()
        .iter()
        .enumerate()
        .filter_map(|(i, &told)| from(told).map(|sent| (i, sent)));
    let oldest = allowing.next();
    let latest = allowing.next_back().or(oldest);
    Judgement {
        current,
        oldest,
        latest,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::role::Role;

    const N: Told = Told::START;
    const P: Told = Told {
        em: EmState::Proposed,
        pxa: Pxa::NONE,
    };
    const A: Told = Told {
        em: EmState::Active,
        pxa: Pxa::NONE,
    };
    const X: Told = Told {
        em: EmState::Exited,
        pxa: Pxa::NONE,
    };
    const PUBLIC: Told = Told {
        em: EmState::None,
        pxa: Pxa::new(true, false, false),
    };

    fn view(entries: &[Told]) -> View {
        View::try_from(entries.to_vec()).unwrap()
    }

    fn vendor() -> RoleSet {
        RoleSet::of(&[Role::Vendor])
    }

    #[test]
    fn tell_appends_merges_and_bounds() {
        let mut v = View::new(N);
        v.tell(N);
        assert_eq!(v.entries(), &[N]);
        v.tell(P);
        v.tell(A);
        assert_eq!(v.entries(), &[N, P, A]);
        for i in 0..20 {
            v.tell(if i % 2 == 0 { X } else { A });
        }
        assert_eq!(v.entries().len(), MAX_TOLD);
        assert_eq!(v.latest(), A);
        // Unused slots stay canonical: equal lists are equal views.
        assert_eq!(view(v.entries()), v);
    }

    proptest::proptest! {
        /// `tell` appends in place; it gives what the list model says: the new
        /// entry appended unless it repeats the latest, the oldest dropped past
        /// `MAX_TOLD`, unused slots canonical.
        #[test]
        fn tell_follows_the_list_model(picks in proptest::collection::vec(0usize..4, 0..40)) {
            let pick = |k: usize| [N, P, A, X].get(k).copied().unwrap_or(N);
            let mut v = View::new(N);
            let mut model = vec![N];
            for k in picks {
                let told = pick(k);
                v.tell(told);
                if model.last() != Some(&told) {
                    model.push(told);
                }
                if model.len() > MAX_TOLD {
                    model.remove(0);
                }
                proptest::prop_assert_eq!(v.entries(), model.as_slice());
                proptest::prop_assert_eq!(view(&model), v);
            }
        }
    }

    #[test]
    fn after_send_replaces_the_judged_entry() {
        let mut v = view(&[N, P, A]);
        v.after_send(Some(1), A);
        assert_eq!(v.entries(), &[A]);
        let mut v = view(&[N, P, A]);
        v.after_send(Some(0), N);
        assert_eq!(v.entries(), &[N, P, A]);
        let mut v = view(&[N, P]);
        v.after_send(None, X);
        assert_eq!(v.entries(), &[X]);
        let mut v = view(&[P, A, X]);
        v.after_send(Some(0), A);
        assert_eq!(v.entries(), &[A, X]);
    }

    #[test]
    fn acknowledgements_confirm_the_oldest_pending_notice() {
        let mut v = view(&[N, P, A]);
        v.acknowledge(MessageType::EK);
        assert_eq!(v.entries(), &[P, A]);
        v.acknowledge(MessageType::CK);
        assert_eq!(v.entries(), &[P, A]);
        v.acknowledge(MessageType::EK);
        assert_eq!(v.entries(), &[A]);
        v.acknowledge(MessageType::EK);
        assert_eq!(v.entries(), &[A]);
        let mut v = view(&[N, PUBLIC]);
        v.acknowledge(MessageType::EK);
        assert_eq!(v.entries(), &[N, PUBLIC]);
        v.acknowledge(MessageType::CK);
        assert_eq!(v.entries(), &[PUBLIC]);
        let mut v = view(&[N, P]);
        v.acknowledge(MessageType::RK);
        v.acknowledge(MessageType::GK);
        assert_eq!(v.entries(), &[N, P]);
    }

    #[test]
    fn serde_round_trips_and_refuses_malformed_lists() {
        let v = view(&[N, P, A]);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<View>(&json).unwrap(), v);
        assert_eq!(View::try_from(vec![]), Err(ViewError::Empty));
        assert_eq!(View::try_from(vec![N, N]), Err(ViewError::Repeated));
        assert_eq!(
            View::try_from([N, P].repeat(5)),
            Err(ViewError::TooLong(10))
        );
    }

    #[test]
    fn a_late_acceptance_is_judged_from_the_proposal() {
        let o = ProtocolOptions::default();
        let j = judge(
            MessageType::EA,
            RmState::Received,
            Vfd::Aware,
            A,
            &view(&[N, P, A]),
            vendor(),
            o,
        );
        assert!(j.current.is_err());
        assert!(j.allowed());
        assert_eq!(j.stale().map(|(k, _)| k), Some(1));
        assert_eq!(
            j.basis().map(|(k, t)| (k, t.em)),
            Some((Some(1), EmState::Active))
        );
    }

    #[test]
    fn no_view_allows_what_the_sender_was_never_told() {
        let o = ProtocolOptions::default();
        // EA from someone never told of a proposal.
        let j = judge(
            MessageType::EA,
            RmState::Received,
            Vfd::Aware,
            A,
            &view(&[N, A]),
            vendor(),
            o,
        );
        assert!(!j.allowed());
        // ET from someone never told of any embargo.
        let j = judge(
            MessageType::ET,
            RmState::Received,
            Vfd::Aware,
            P,
            &view(&[N, P]),
            vendor(),
            o,
        );
        assert!(!j.allowed());
        assert!(j.basis().is_none());
    }

    #[test]
    fn a_message_allowed_now_is_not_stale_and_keeps_older_entries() {
        let o = ProtocolOptions::default();
        let j = judge(
            MessageType::GI,
            RmState::Received,
            Vfd::Aware,
            A,
            &view(&[N, P, A]),
            vendor(),
            o,
        );
        assert!(j.current.is_ok());
        assert!(j.stale().is_none());
        // Judged from the oldest entry that allows it: nothing is confirmed.
        assert_eq!(j.basis(), Some((Some(0), N)));
    }

    #[test]
    fn inconsistent_candidates_are_skipped() {
        // An accepted vendor with its fix deployed holding "embargo proposed" is
        // consistent; a Closed participant sends nothing from any view.
        let o = ProtocolOptions::default();
        let j = judge(
            MessageType::EA,
            RmState::Closed,
            Vfd::Aware,
            A,
            &view(&[P, A]),
            vendor(),
            o,
        );
        assert!(!j.allowed());
    }
}
