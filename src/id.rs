//! Identifiers of cases and participants.

use core::fmt;

use ecow::EcoString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// The longest identifier accepted, in bytes.
pub const MAX_ID_LEN: usize = 256;

// What the id types' docs promise: up to 15 bytes held inline.
const _: () = assert!(EcoString::INLINE_LIMIT >= 15);

/// An identifier that is empty, too long or holds control characters.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid identifier `{shown}`: {reason}")]
pub struct InvalidId {
    /// The identifier, truncated to 64 characters for display.
    pub shown: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

fn check(text: &str) -> Result<(), InvalidId> {
    let reason = if text.is_empty() {
        "it is empty"
    } else if text.len() > MAX_ID_LEN {
        "it is longer than 256 bytes"
    } else if text.chars().any(char::is_control) {
        "it contains control characters"
    } else {
        return Ok(());
    };
    Err(InvalidId {
        shown: text.chars().take(64).collect(),
        reason,
    })
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// 1 to [`MAX_ID_LEN`] bytes without control characters; cheap to clone:
        /// an id of up to 15 bytes is held inline (a copy, no allocation and no
        /// reference count), a longer one is shared.
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(EcoString);

        impl $name {
            /// A checked identifier.
            ///
            /// # Errors
            /// [`InvalidId`] if `text` is empty, longer than [`MAX_ID_LEN`] bytes or
            /// holds control characters.
            pub fn new(text: &str) -> Result<Self, InvalidId> {
                check(text).map(|()| Self(EcoString::from(text)))
            }

            /// The identifier as text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:?}", self.0.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.0.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::new(&text).map_err(serde::de::Error::custom)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = InvalidId;
            fn try_from(text: &str) -> Result<Self, Self::Error> {
                Self::new(text)
            }
        }
    };
}

id_type!(
    /// A participant's identifier, unique within its case.
    ParticipantId
);
id_type!(
    /// A case's identifier.
    CaseId
);
