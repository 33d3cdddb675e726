//! A compact, `Copy` set over the variants of a small enum.
//!
//! Every machine in mpcvd has at most a handful of states and actions, so a set of
//! them is one machine word. [`Set`] is used for "which actions are allowed here",
//! role sets, named state subsets and the `allowed` list carried by every refusal.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{Error as _, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A type whose values have dense indices `0..COUNT` (at most 64 of them).
///
/// Implemented by every state, action, event and role enum of this crate so that
/// [`Set`] can hold them. The trait is sealed in spirit: implementations live here.
pub trait Indexed: Copy + Eq + 'static {
    /// How many variants there are; indices run `0..COUNT`.
    const COUNT: usize;
    /// The variant's dense index, always `< COUNT`.
    fn index(self) -> u8;
    /// The variant with this index, or `None` when `index >= COUNT`.
    fn from_index(index: u8) -> Option<Self>;
}

/// Implements [`Indexed`] for a `#[repr(u8)]` enum that derives strum's
/// `EnumCount` and `FromRepr`.
macro_rules! impl_indexed {
    ($($ty:ty),+ $(,)?) => {$(
        const _: () = assert!(<$ty as ::strum::EnumCount>::COUNT <= 64, "a Set holds at most 64 members");
        impl $crate::set::Indexed for $ty {
            const COUNT: usize = <$ty as ::strum::EnumCount>::COUNT;
            fn index(self) -> u8 {
                self as u8
            }
            fn from_index(index: u8) -> Option<Self> {
                Self::from_repr(index)
            }
        }
    )+};
}
pub(crate) use impl_indexed;

/// A set of variants of `T`, stored as a bit mask.
///
/// Iteration is in declaration order of `T`'s variants. Serialises as a JSON array of
/// the members; deserialising refuses duplicates.
pub struct Set<T> {
    bits: u64,
    marker: PhantomData<fn() -> T>,
}

impl<T: Indexed> Set<T> {
    /// The empty set.
    pub const EMPTY: Self = Self {
        bits: 0,
        marker: PhantomData,
    };

    /// Every variant of `T`.
    #[must_use]
    pub fn all() -> Self {
        (0..T::COUNT)
            .filter_map(|i| u8::try_from(i).ok().and_then(T::from_index))
            .collect()
    }

    /// The set holding exactly the given members.
    #[must_use]
    pub fn from_slice(members: &[T]) -> Self {
        members.iter().copied().collect()
    }

    /// The set holding one member.
    #[must_use]
    pub fn only(member: T) -> Self {
        Self::EMPTY.with(member)
    }

    /// The raw bit mask (bit `i` is the variant with index `i`).
    #[must_use]
    pub const fn bits(self) -> u64 {
        self.bits
    }

    /// Whether `member` is in the set.
    #[must_use]
    pub fn contains(self, member: T) -> bool {
        self.bits & bit(member) != 0
    }

    /// This set with `member` added.
    #[must_use]
    pub fn with(self, member: T) -> Self {
        Self::from_bits(self.bits | bit(member))
    }

    /// This set with `member` removed.
    #[must_use]
    pub fn without(self, member: T) -> Self {
        Self::from_bits(self.bits & !bit(member))
    }

    /// Adds `member`; returns whether it was newly added.
    pub fn insert(&mut self, member: T) -> bool {
        let fresh = !self.contains(member);
        self.bits |= bit(member);
        fresh
    }

    /// Removes `member`; returns whether it was present.
    pub fn remove(&mut self, member: T) -> bool {
        let present = self.contains(member);
        self.bits &= !bit(member);
        present
    }

    /// Members of either set.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self::from_bits(self.bits | other.bits)
    }

    /// Members of both sets.
    #[must_use]
    pub const fn intersection(self, other: Self) -> Self {
        Self::from_bits(self.bits & other.bits)
    }

    /// Members of `self` that are not in `other`.
    #[must_use]
    pub const fn difference(self, other: Self) -> Self {
        Self::from_bits(self.bits & !other.bits)
    }

    /// Whether every member of `self` is in `other`.
    #[must_use]
    pub const fn is_subset(self, other: Self) -> bool {
        self.bits & !other.bits == 0
    }

    /// Number of members.
    #[must_use]
    pub const fn len(self) -> usize {
        self.bits.count_ones() as usize
    }

    /// Whether the set has no members.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The members, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = T> {
        (0..64u8).filter_map(move |i| {
            if self.bits & (1u64 << i) != 0 {
                T::from_index(i)
            } else {
                None
            }
        })
    }

    const fn from_bits(bits: u64) -> Self {
        Self {
            bits,
            marker: PhantomData,
        }
    }
}

fn bit<T: Indexed>(member: T) -> u64 {
    // `Indexed` guarantees index < COUNT <= 64 (checked at compile time below for
    // every implementation in this crate); the mask keeps a bad impl harmless.
    1u64 << (member.index() & 63)
}

impl<T> Clone for Set<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Set<T> {}
impl<T> PartialEq for Set<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}
impl<T> Eq for Set<T> {}
impl<T> core::hash::Hash for Set<T> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}
impl<T: Indexed> Default for Set<T> {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl<T: Indexed> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Self::EMPTY;
        for member in iter {
            set.insert(member);
        }
        set
    }
}

impl<T: Indexed> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for member in iter {
            self.insert(member);
        }
    }
}

impl<T: Indexed + fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Prints `{a, b, c}` using each member's `Display`; the empty set prints `{}`.
impl<T: Indexed + fmt::Display> fmt::Display for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, member) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{member}")?;
        }
        f.write_str("}")
    }
}

impl<T: Indexed + Serialize> Serialize for Set<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for member in self.iter() {
            seq.serialize_element(&member)?;
        }
        seq.end()
    }
}

impl<'de, T: Indexed + Deserialize<'de>> Deserialize<'de> for Set<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SetVisitor<T>(PhantomData<fn() -> T>);
        impl<'de, T: Indexed + Deserialize<'de>> Visitor<'de> for SetVisitor<T> {
            type Value = Set<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of distinct members")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Set<T>, A::Error> {
                let mut set = Set::EMPTY;
                while let Some(member) = seq.next_element::<T>()? {
                    if !set.insert(member) {
                        return Err(A::Error::custom("duplicate member in set"));
                    }
                }
                Ok(set)
            }
        }
        deserializer.deserialize_seq(SetVisitor(PhantomData))
    }
}
