//! The six-letter text form of case states (`"VFdPxa"`) and its errors.

use core::fmt;
use core::str::FromStr;

use thiserror::Error;

use super::{CaseState, CsEvent};

/// A string that is not a valid case state (or `vfd`/`pxa` part).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseCaseStateError {
    /// Wrong number of characters.
    #[error(
        "`{text}` has {found} characters; expected {expected}, one letter per event in the order `vfdpxa`"
    )]
    Length {
        /// The refused text (truncated to 32 characters).
        text: String,
        /// How many characters it has.
        found: usize,
        /// How many were expected.
        expected: usize,
    },
    /// A position holds something other than its event's letter.
    #[error(
        "`{text}`: position {position} must be `{lower}` (not yet) or `{upper}` (happened), found `{found}`"
    )]
    Letter {
        /// The refused text (truncated to 32 characters).
        text: String,
        /// Zero-based position of the bad character.
        position: usize,
        /// The character found.
        found: char,
        /// The lower-case letter allowed there.
        lower: char,
        /// The upper-case letter allowed there.
        upper: char,
    },
    /// Well formed, but breaks the fix path `V ≺ F ≺ D` (e.g. `vFdpxa`).
    #[error("`{text}` is impossible: {rule}")]
    Impossible {
        /// The refused text (truncated to 32 characters).
        text: String,
        /// The rule broken.
        rule: &'static str,
    },
}

impl ParseCaseStateError {
    pub(super) fn impossible(text: &str, bits: u8) -> Self {
        let rule = if bits & CsEvent::FixDeployed.bit() != 0 && bits & CsEvent::FixReady.bit() == 0
        {
            "a fix is deployed (D) only after it is ready (F)"
        } else {
            "a fix is ready (F) only after the vendor is aware (V)"
        };
        Self::Impossible {
            text: truncate(text),
            rule,
        }
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(32).collect()
}

/// Reads one letter per event of `events`, returning the event bits set.
pub(super) fn parse_letters(text: &str, events: &[CsEvent]) -> Result<u8, ParseCaseStateError> {
    let found = text.chars().count();
    if found != events.len() {
        return Err(ParseCaseStateError::Length {
            text: truncate(text),
            found,
            expected: events.len(),
        });
    }
    let mut bits = 0;
    for (position, (c, event)) in text.chars().zip(events).enumerate() {
        let upper = event.letter();
        let lower = upper.to_ascii_lowercase();
        if c == upper {
            bits |= event.bit();
        } else if c != lower {
            return Err(ParseCaseStateError::Letter {
                text: truncate(text),
                position,
                found: c,
                lower,
                upper,
            });
        }
    }
    Ok(bits)
}

/// Writes one letter per event: upper case where its bit is set in `bits`.
pub(super) fn write_letters(
    f: &mut fmt::Formatter<'_>,
    bits: u8,
    events: &[CsEvent],
) -> fmt::Result {
    for event in events {
        let upper = event.letter();
        let c = if bits & event.bit() != 0 {
            upper
        } else {
            upper.to_ascii_lowercase()
        };
        fmt::Write::write_char(f, c)?;
    }
    Ok(())
}

impl fmt::Display for CaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_letters(f, self.bits(), &CsEvent::ALL)
    }
}

impl fmt::Debug for CaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CaseState({self})")
    }
}

impl FromStr for CaseState {
    type Err = ParseCaseStateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bits = parse_letters(text, &CsEvent::ALL)?;
        Self::from_bits(bits).ok_or_else(|| ParseCaseStateError::impossible(text, bits))
    }
}

impl TryFrom<String> for CaseState {
    type Error = ParseCaseStateError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<CaseState> for String {
    fn from(state: CaseState) -> Self {
        state.to_string()
    }
}
