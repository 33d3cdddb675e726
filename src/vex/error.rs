//! What is wrong with the caller's products or metadata.

use thiserror::Error;

/// Bad caller input for a VEX document: what was wrong and where (a field path
/// such as `products[1].vendor`). Nothing is generated.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum VexError {
    /// A products or metadata file is not the expected JSON.
    #[error("{what} at `{path}`: {message}")]
    Parse {
        /// Which input (`products` or `metadata`).
        what: &'static str,
        /// The field path serde stopped at (`.` for the whole document).
        path: String,
        /// serde's message.
        message: String,
    },
    /// A field holds a value the standards do not accept, or that does not fit the
    /// case.
    #[error("`{path}`: {message}")]
    Invalid {
        /// The field path (`products[0].vendor`, `metadata.publisher.namespace`).
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl VexError {
    /// The field path the error is about.
    #[must_use]
    pub fn path(&self) -> &str {
        match self {
            Self::Parse { path, .. } | Self::Invalid { path, .. } => path,
        }
    }

    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Parses JSON with the failing field's path in the error.
    pub(crate) fn parse<T: serde::de::DeserializeOwned>(
        what: &'static str,
        text: &str,
    ) -> Result<T, Self> {
        let mut de = serde_json::Deserializer::from_str(text);
        let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| Self::Parse {
            what,
            path: crate::decode::path_or_document(crate::decode::path_text(e.path())),
            message: e.inner().to_string(),
        })?;
        de.end().map_err(|e| Self::Parse {
            what,
            path: ".".to_owned(),
            message: e.to_string(),
        })?;
        Ok(value)
    }
}
