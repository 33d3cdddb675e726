//! The caller's document metadata: publisher, tracking, labels, references; and the
//! defaults a case gives when the caller says nothing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::VexError;
use crate::case::Case;
use crate::mapping::{CsafParty, csaf_party};
use crate::participant::Tlp;

/// The most revisions (`revision_history`) and the most references
/// (`references`) metadata may list.
pub const MAX_METADATA_ITEMS: usize = 1024;

/// CSAF 2.0 `document.publisher.category` (§3.2.1.8.1).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::Display, strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PublisherCategory {
    /// A coordinator.
    Coordinator,
    /// A finder or reporter.
    Discoverer,
    /// Anyone else.
    Other,
    /// A translator.
    Translator,
    /// A user (deployer).
    User,
    /// A vendor.
    Vendor,
}

/// Who publishes the document (CSAF `document.publisher`; OpenVEX `author`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// Its name.
    pub name: String,
    /// Its namespace: a URI it controls (`https://psirt.example.com`).
    pub namespace: String,
    /// Its category.
    pub category: PublisherCategory,
    /// How to reach it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_details: Option<String>,
}

/// CSAF 2.0 `document.tracking.status` (§3.2.1.12.7).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::Display, strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TrackingStatus {
    /// Not final; may change without notice.
    Draft,
    /// Final, but expected to be updated.
    Interim,
    /// Final.
    Final,
}

/// One entry of the revision history (CSAF `document.tracking.revision_history`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// Its number: 1, 2, … (integer versioning).
    pub number: u32,
    /// When it was made.
    pub date: DateTime<Utc>,
    /// What changed.
    pub summary: String,
}

/// An external reference (CSAF `document.references`, category `external`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Its URL.
    pub url: String,
    /// What it is.
    pub summary: String,
}

/// The caller's document metadata; every field may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The publisher. Default: the case owner (else the first member), in the
    /// category of its roles, with namespace `urn:mpcvd:participant:<id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Publisher>,
    /// The document's tracking id. Default: the case id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_id: Option<String>,
    /// Its title. Default: the advisory's title, else `Case <id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its language (BCP 47). Default `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Its TLP label once publishable. Default: CLEAR when the public is aware,
    /// else RED. A case that is not publishable is always RED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
    /// Its tracking status once publishable. Default `final` (`interim` while the
    /// case is open). A case that is not publishable is always `draft`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TrackingStatus>,
    /// The revision history, numbered 1, 2, … with non-decreasing dates; the
    /// document's version is the last number. Default: one revision, at the case's
    /// last input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revision_history: Vec<Revision>,
    /// External references besides the advisory's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// The OpenVEX document's `@id`. Default: `<namespace>/vex/<tracking id>` for
    /// an `http(s)` namespace, else a URN under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openvex_id: Option<String>,
}

/// Metadata with every default filled in and every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub(crate) publisher: Publisher,
    pub(crate) tracking_id: String,
    pub(crate) title: String,
    pub(crate) lang: String,
    pub(crate) revisions: Vec<Revision>,
    pub(crate) version: u32,
    pub(crate) references: Vec<Reference>,
    pub(crate) openvex_id: String,
    /// The caller's label and status (applied only when publishable).
    pub(crate) tlp: Option<Tlp>,
    pub(crate) status: Option<TrackingStatus>,
}

impl Metadata {
    /// Reads metadata from JSON; errors name the field path.
    ///
    /// # Errors
    /// [`VexError::Parse`].
    pub fn from_json(text: &str) -> Result<Self, VexError> {
        VexError::parse("metadata", text)
    }

    pub(crate) fn resolve(&self, case: &Case) -> Result<Resolved, VexError> {
        let publisher = match &self.publisher {
            Some(p) => {
                nonblank("metadata.publisher.name", &p.name)?;
                check_uri("metadata.publisher.namespace", &p.namespace)?;
                p.clone()
            }
            None => default_publisher(case)?,
        };
        let tracking_id = match &self.tracking_id {
            Some(id) => nonblank("metadata.tracking_id", id)?.to_owned(),
            None => case.id().to_string(),
        };
        let title = match &self.title {
            Some(t) => nonblank("metadata.title", t)?.to_owned(),
            None => case
                .advisory()
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .map_or_else(|| format!("Case {}", case.id()), |t| t.trim().to_owned()),
        };
        let lang = match &self.lang {
            Some(l) => check_lang(l)?.to_owned(),
            None => "en".to_owned(),
        };
        for (path, count) in [
            ("metadata.revision_history", self.revision_history.len()),
            ("metadata.references", self.references.len()),
        ] {
            if count > MAX_METADATA_ITEMS {
                return Err(VexError::invalid(
                    path,
                    format!("{count} items exceed the limit of {MAX_METADATA_ITEMS}"),
                ));
            }
        }
        let revisions = if self.revision_history.is_empty() {
            vec![Revision {
                number: 1,
                date: case.now(),
                summary: format!("Generated by mpcvd from case {}.", case.id()),
            }]
        } else {
            check_revisions(&self.revision_history)?;
            self.revision_history.clone()
        };
        let version = revisions.last().map_or(1, |r| r.number);
        for (i, r) in self.references.iter().enumerate() {
            check_uri(&format!("metadata.references[{i}].url"), &r.url)?;
            nonblank(&format!("metadata.references[{i}].summary"), &r.summary)?;
        }
        let openvex_id = match &self.openvex_id {
            Some(id) => check_uri("metadata.openvex_id", id)?.to_owned(),
            None => default_openvex_id(&publisher.namespace, &tracking_id),
        };
        Ok(Resolved {
            publisher,
            tracking_id,
            title,
            lang,
            revisions,
            version,
            references: self.references.clone(),
            openvex_id,
            tlp: self.tlp,
            status: self.status,
        })
    }
}

fn default_publisher(case: &Case) -> Result<Publisher, VexError> {
    let who = case
        .owner()
        .and_then(|id| case.participant(id))
        .or_else(|| case.participants().iter().find(|p| p.is_member()))
        .ok_or_else(|| {
            VexError::invalid(
                "metadata.publisher",
                "the case has no participant to publish as: pass a publisher",
            )
        })?;
    let category = match csaf_party(who) {
        CsafParty::Coordinator => PublisherCategory::Coordinator,
        CsafParty::Discoverer => PublisherCategory::Discoverer,
        CsafParty::Other => PublisherCategory::Other,
        CsafParty::User => PublisherCategory::User,
        CsafParty::Vendor => PublisherCategory::Vendor,
    };
    Ok(Publisher {
        name: who.name().to_owned(),
        namespace: format!(
            "urn:mpcvd:participant:{}",
            super::iri_segment(who.id().as_str())
        ),
        category,
        contact_details: who.organisation().and_then(|o| o.contact.clone()),
    })
}

fn default_openvex_id(namespace: &str, tracking_id: &str) -> String {
    let id = super::iri_segment(tracking_id);
    if namespace.starts_with("http://") || namespace.starts_with("https://") {
        format!("{}/vex/{id}", namespace.trim_end_matches('/'))
    } else {
        format!("{namespace}:vex:{id}")
    }
}

fn nonblank<'a>(path: &str, text: &'a str) -> Result<&'a str, VexError> {
    if text.trim().is_empty() || text.trim() != text {
        Err(VexError::invalid(
            path,
            "empty, or with leading or trailing space",
        ))
    } else {
        Ok(text)
    }
}

/// An absolute URI: a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`), a
/// colon, then no space or control character.
fn check_uri<'a>(path: &str, text: &'a str) -> Result<&'a str, VexError> {
    let scheme_ok = text.split_once(':').is_some_and(|(scheme, rest)| {
        scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !rest.is_empty()
    });
    if scheme_ok && !text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Ok(text)
    } else {
        Err(VexError::invalid(
            path,
            format!("`{text}` is not an absolute URI"),
        ))
    }
}

/// A BCP 47 tag in outline: letters, digits and hyphens, starting with 2–8 letters.
fn check_lang(tag: &str) -> Result<&str, VexError> {
    let primary = tag.split('-').next().unwrap_or_default();
    let ok = (2..=8).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && tag.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
    if ok {
        Ok(tag)
    } else {
        Err(VexError::invalid(
            "metadata.lang",
            format!("`{tag}` is not a BCP 47 language tag"),
        ))
    }
}

/// CSAF 2.0 §6.1.14, §6.1.21, §6.1.22: numbered 1, 2, … in order, dates in order.
fn check_revisions(revisions: &[Revision]) -> Result<(), VexError> {
    let mut last: Option<DateTime<Utc>> = None;
    for (i, r) in revisions.iter().enumerate() {
        let expected = u32::try_from(i).ok().and_then(|n| n.checked_add(1));
        if Some(r.number) != expected {
            return Err(VexError::invalid(
                format!("metadata.revision_history[{i}].number"),
                format!(
                    "revisions are numbered 1, 2, … in order; this one is {}",
                    r.number
                ),
            ));
        }
        if last.is_some_and(|l| r.date < l) {
            return Err(VexError::invalid(
                format!("metadata.revision_history[{i}].date"),
                "earlier than the revision before it",
            ));
        }
        nonblank(
            &format!("metadata.revision_history[{i}].summary"),
            &r.summary,
        )?;
        last = Some(r.date);
    }
    Ok(())
}
