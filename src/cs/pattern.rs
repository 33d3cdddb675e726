//! State patterns such as `v··P··`: which letters must be set, which must be clear.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use super::{CaseState, CsEvent};

/// A set of case states written as six positions, each upper-case (happened),
/// lower-case (not yet) or a wildcard `·` (also accepted as `.` or `?` when parsed).
///
/// Patterns express the forcing rules (`v··P··` may only take `V`), the embargo
/// viability test (`···pxa`) and the desiderata's preferred states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatePattern {
    set: u8,
    clear: u8,
}

impl StatePattern {
    /// The pattern requiring `set` events to have happened and `clear` ones not.
    ///
    /// An event listed in both is treated as required to have happened.
    #[must_use]
    pub const fn new(set: &[CsEvent], clear: &[CsEvent]) -> Self {
        let set = bits_of(set);
        Self {
            set,
            clear: bits_of(clear) & !set,
        }
    }

    /// Whether `state` matches.
    #[must_use]
    pub const fn matches(self, state: CaseState) -> bool {
        let bits = state.bits();
        bits & self.set == self.set && bits & self.clear == 0
    }

    /// The events that must have happened.
    #[must_use]
    pub const fn set_bits(self) -> u8 {
        self.set
    }

    /// The events that must not have happened.
    #[must_use]
    pub const fn clear_bits(self) -> u8 {
        self.clear
    }
}

const fn bits_of(mut events: &[CsEvent]) -> u8 {
    let mut bits = 0;
    while let [first, rest @ ..] = events {
        bits |= first.bit();
        events = rest;
    }
    bits
}

impl fmt::Display for StatePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for event in CsEvent::ALL {
            let c = if self.set & event.bit() != 0 {
                event.letter()
            } else if self.clear & event.bit() != 0 {
                event.letter().to_ascii_lowercase()
            } else {
                '·'
            };
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A string that is not a six-position state pattern.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "`{text}` is not a state pattern: expected six positions `vfdpxa`, each the letter in either case or `·`/`.`/`?`"
)]
pub struct ParsePatternError {
    /// The refused text (truncated to 32 characters).
    pub text: String,
}

impl FromStr for StatePattern {
    type Err = ParsePatternError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || ParsePatternError {
            text: text.chars().take(32).collect(),
        };
        let mut chars = text.chars();
        let mut set = 0;
        let mut clear = 0;
        for event in CsEvent::ALL {
            let c = chars.next().ok_or_else(err)?;
            let upper = event.letter();
            if c == upper {
                set |= event.bit();
            } else if c == upper.to_ascii_lowercase() {
                clear |= event.bit();
            } else if !matches!(c, '·' | '.' | '?') {
                return Err(err());
            }
        }
        if chars.next().is_some() {
            return Err(err());
        }
        Ok(Self { set, clear })
    }
}

impl Serialize for StatePattern {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StatePattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
