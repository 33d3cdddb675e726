//! Advisories in the standards' own formats (feature `vex`): a whole **CSAF 2.0**
//! document in the `csaf_vex` profile and a whole **OpenVEX 0.2.0** document, from
//! a [`Case`] plus the caller's [`Products`] and [`Metadata`].
//!
//! What each case state becomes, value by value and with the standards' sections,
//! is in `docs/standards.md`; the per-participant vocabularies are in
//! [`crate::mapping`]. In short:
//! - every product belongs to a vendor participant and takes its vendor's VEX status
//!   ([`crate::mapping::vex_status`]): `fixed`, `known_affected`/`affected`,
//!   `known_not_affected`/`not_affected`, `under_investigation` ("reached but silent"
//!   is never "not affected");
//! - without explicit products, each vendor participant has one product named after
//!   it ([`Products::of_vendors`]);
//! - a case that is not publishable (nothing public yet and readiness blocked, e.g.
//!   an embargo in force) still yields a document, marked TLP:RED, in `draft` status
//!   and carrying the readiness reasons ([`Publication`]).
//!
//! Both documents are `serde_json::Value`s; [`csaf::product_statuses`] and
//! [`openvex::product_statuses`] read the product statuses back out of them.

pub mod csaf;
mod error;
pub mod metadata;
pub mod openvex;
pub mod products;
mod publication;

pub use error::VexError;
pub use metadata::{Metadata, Publisher, PublisherCategory, Reference, Revision, TrackingStatus};
pub use products::{Product, ProductStatement, Products};
pub use publication::Publication;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::case::Case;

/// The document formats.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Format {
    /// CSAF 2.0, profile `csaf_vex`.
    Csaf,
    /// OpenVEX 0.2.0.
    Openvex,
}

/// The document in `format` for `case`.
///
/// # Errors
/// [`VexError`] when the products or metadata do not fit the case.
pub fn document(
    format: Format,
    case: &Case,
    products: &Products,
    metadata: &Metadata,
) -> Result<serde_json::Value, VexError> {
    match format {
        Format::Csaf => csaf::document(case, products, metadata),
        Format::Openvex => openvex::document(case, products, metadata),
    }
}

/// A timestamp as both standards write it: RFC 3339, UTC, whole seconds, `Z`.
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The vulnerability's name: the advisory's CVE ID, else its first identifier,
/// else the case's id.
pub(crate) fn vulnerability_name(case: &Case) -> String {
    let identifiers = &case.advisory().identifiers;
    identifiers
        .iter()
        .find(|i| is_cve_id(i))
        .or_else(|| identifiers.first())
        .cloned()
        .unwrap_or_else(|| case.id().to_string())
}

/// Whether `text` is a CVE ID as CSAF 2.0 writes one (`^CVE-[0-9]{4}-[0-9]{4,}$`).
pub(crate) fn is_cve_id(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("CVE-") else {
        return false;
    };
    let mut parts = rest.splitn(2, '-');
    let year = parts.next().unwrap_or_default();
    let number = parts.next().unwrap_or_default();
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && number.len() >= 4
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// `text` percent-encoded for use inside a URN or IRI path segment.
pub(crate) fn iri_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
