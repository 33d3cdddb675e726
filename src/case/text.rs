//! Free text carried by actions and messages.

use core::fmt;
use core::ops::Deref;

use ecow::EcoString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Free text carried by an action or a message: a question (`GI`), an answer, an
/// error reply's explanation. Reads as a `str`; made from a `&str` or a `String`.
///
/// Up to 15 bytes are held inline and longer text is shared, so the copy an
/// action's text makes into the message it announces (and a replay's copy of the
/// input) allocates nothing. In JSON it is a plain string.
///
/// ```
/// use mpcvd::case::Text;
///
/// let text = Text::from("fix date?");
/// assert_eq!(text, "fix date?");
/// assert_eq!(text.len(), 9);
/// assert_eq!(serde_json::to_string(&text)?, r#""fix date?""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(EcoString);

// What the docs promise: up to 15 bytes held inline.
const _: () = assert!(EcoString::INLINE_LIMIT >= 15);

impl Text {
    /// No text.
    #[must_use]
    pub const fn new() -> Self {
        Self(EcoString::new())
    }

    /// The text as a `str`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self(EcoString::from(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self(EcoString::from(text))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.0.into()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::cmp_owned,
        reason = "test: the conversions are what is compared"
    )]

    use super::Text;

    /// Short and long text read back as given, in JSON as a string, and compare
    /// as their `str`.
    #[test]
    fn text_reads_as_it_was_given() {
        let long = "a question long enough to be held outside the value";
        for given in ["", "?", "fix date?", long] {
            let text = Text::from(given);
            assert_eq!(text.as_str(), given);
            assert_eq!(Text::from(given.to_owned()), text);
            assert_eq!(String::from(text.clone()), given);
            let json = serde_json::to_string(&text).unwrap();
            assert_eq!(json, serde_json::to_string(given).unwrap());
            assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), text);
            assert_eq!(format!("{text}|{text:?}"), format!("{given}|{given:?}"));
        }
        assert!(Text::from("a") < Text::from("b"));
        assert!(serde_json::from_str::<Text>("3").is_err());
    }
}
