//! Symmetry reduction: interchangeable participants, and a canonical order of them
//! in every stored state.
//!
//! Two participants are *interchangeable* when swapping them maps the explored
//! transition system onto itself: their step tables are identical (same roles, same
//! statement sets, hence the same local states under the same ids) and the link
//! relation is invariant under the swap (each is linked to the others exactly as the
//! other is, and to each other both ways or neither). Interchangeability is
//! closed under composition, so the participants fall into classes, and any
//! permutation inside a class is an automorphism: it maps states to states, steps
//! to steps, the initial state to itself, and — because every invariant treats all
//! participants alike — violations to violations.
//!
//! The canonical form sorts each class's members by their local state id, then by
//! the channels between them and the participants outside the class. For members
//! without channels among themselves (the leaves of a star) that is a true
//! canonical form: two states in one orbit get the same form. With channels inside
//! a class (a complete topology) ties are broken by the given order, so an orbit
//! may keep more than one representative: still sound, only less reduced.

use super::MAX_PARTICIPANTS;
use super::local::LocalTable;
use super::pack::{Global, Layout};
use crate::analysis::explore::ExploreConfig;

/// A permutation of participants: entry `k` is the participant placed at `k`.
pub(crate) type Perm = [u8; MAX_PARTICIPANTS];

/// The identity permutation.
pub(crate) const IDENTITY: Perm = [0, 1, 2, 3, 4, 5];

/// The classes of interchangeable participants (only classes of two or more).
#[derive(Debug, Clone, Default)]
pub(crate) struct Symmetry {
    classes: Vec<Vec<usize>>,
    /// Participants not in `class`, per class.
    outside: Vec<Vec<usize>>,
    layout: Option<Layout>,
}

/// Whether swapping `i` and `j` maps the link relation onto itself.
fn links_swap(config: &ExploreConfig, i: usize, j: usize) -> bool {
    let n = config.participants().len();
    config.linked(i, j) == config.linked(j, i)
        && (0..n).filter(|&k| k != i && k != j).all(|k| {
            config.linked(i, k) == config.linked(j, k) && config.linked(k, i) == config.linked(k, j)
        })
}

impl Symmetry {
    /// The classes of `config` (none unless it asks for symmetry reduction).
    pub(crate) fn new(config: &ExploreConfig, tables: &[LocalTable], layout: Layout) -> Self {
        if !config.symmetry() {
            return Self::default();
        }
        let mut classes: Vec<Vec<usize>> = Vec::new();
        for (i, table) in tables.iter().enumerate() {
            let home = classes.iter_mut().find(|class| {
                class.first().is_some_and(|&first| {
                    tables.get(first) == Some(table) && links_swap(config, first, i)
                })
            });
            match home {
                Some(class) => class.push(i),
                None => classes.push(vec![i]),
            }
        }
        classes.retain(|c| c.len() > 1);
        let n = tables.len();
        let outside = classes
            .iter()
            .map(|c| (0..n).filter(|k| !c.contains(k)).collect())
            .collect();
        Self {
            classes,
            outside,
            layout: Some(layout),
        }
    }

    /// The classes of interchangeable participants.
    pub(crate) fn classes(&self) -> &[Vec<usize>] {
        &self.classes
    }

    /// `a` before `b` in the canonical order (members of one class).
    fn before(
        &self,
        layout: &Layout,
        global: &Global,
        outside: &[usize],
        a: usize,
        b: usize,
    ) -> bool {
        let key = |p: usize| global.id(p);
        match key(a).cmp(&key(b)) {
            core::cmp::Ordering::Less => return true,
            core::cmp::Ordering::Greater => return false,
            core::cmp::Ordering::Equal => {}
        }
        for &k in outside {
            let pair = |p: usize| {
                (
                    global.channel(layout.channel_index(p, k)),
                    global.channel(layout.channel_index(k, p)),
                )
            };
            match pair(a).cmp(&pair(b)) {
                core::cmp::Ordering::Less => return true,
                core::cmp::Ordering::Greater => return false,
                core::cmp::Ordering::Equal => {}
            }
        }
        false
    }

    /// The canonical form of `global`, and the permutation `p` with
    /// `canonical.id(k) == global.id(p[k])` (and likewise for channels).
    pub(crate) fn canonical(&self, global: &Global) -> (Global, Perm) {
        let Some(layout) = self.layout.as_ref() else {
            return (*global, IDENTITY);
        };
        let mut perm = IDENTITY;
        let mut moved = false;
        for (class, outside) in self.classes.iter().zip(&self.outside) {
            // Insertion sort of the members (at most six).
            let mut order: [usize; MAX_PARTICIPANTS] = [0; MAX_PARTICIPANTS];
            let len = class.len().min(MAX_PARTICIPANTS);
            for (slot, &p) in order.iter_mut().zip(class) {
                *slot = p;
            }
            for at in 1..len {
                let mut k = at;
                while let Some(below) = k.checked_sub(1) {
                    let (Some(&prev), Some(&cur)) = (order.get(below), order.get(k)) else {
                        break;
                    };
                    if !self.before(layout, global, outside, cur, prev) {
                        break;
                    }
                    order.swap(below, k);
                    k = below;
                }
            }
            for (&position, &p) in class.iter().zip(order.iter()) {
                if position != p {
                    moved = true;
                }
                if let Some(slot) = perm.get_mut(position) {
                    *slot = u8::try_from(p).unwrap_or(0);
                }
            }
        }
        if !moved {
            return (*global, IDENTITY);
        }
        (permute(layout, global, &perm), perm)
    }
}

/// `global` with participant `perm[k]` moved to `k`.
pub(crate) fn permute(layout: &Layout, global: &Global, perm: &Perm) -> Global {
    let n = layout.participants();
    let mut out = Global::default();
    let at = |k: usize| usize::from(perm.get(k).copied().unwrap_or(0));
    for k in 0..n {
        out.set_id(k, global.id(at(k)));
        for l in 0..n {
            if l == k {
                continue;
            }
            if let Some(channel) = out.channel_mut(layout.channel_index(k, l)) {
                *channel = global.channel(layout.channel_index(at(k), at(l)));
            }
        }
    }
    out
}
