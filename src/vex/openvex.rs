//! A whole OpenVEX 0.2.0 document, and reading its product statuses back.
//!
//! One statement per product, each with the vulnerability, the product (its purl,
//! else a URN naming the product id), its status and what the status requires: a
//! justification or impact statement for `not_affected`, an action statement for
//! `affected`. OpenVEX has no label field, so a document that is not publishable
//! says so in every statement's `status_notes`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::metadata::Metadata;
use super::products::{ProductStatement, Products};
use super::{Publication, VexError, iri_segment, is_cve_id, timestamp, vulnerability_name};
use crate::case::Case;
use crate::mapping::VexStatus;

/// The OpenVEX context this document follows.
pub const CONTEXT: &str = "https://openvex.dev/ns/v0.2.0";

/// The OpenVEX document for `case`: `products` (or one per vendor when empty) and
/// `metadata` (defaults from the case where left out).
///
/// # Errors
/// [`VexError`] when the products or metadata do not fit the case.
pub fn document(case: &Case, products: &Products, metadata: &Metadata) -> Result<Value, VexError> {
    let products = products.or_vendors(case);
    let statements = products.statements(case)?;
    let meta = metadata.resolve(case)?;
    let publication = Publication::of(case);
    let vulnerability = vulnerability(case);
    let statements: Vec<Value> = statements
        .iter()
        .map(|s| statement(case, s, &vulnerability, &publication))
        .collect();
    let last = meta.revisions.last().map_or(case.now(), |r| r.date);
    let first = meta.revisions.first().map_or(case.now(), |r| r.date);
    let mut doc = json!({
        "@context": CONTEXT,
        "@id": meta.openvex_id,
        "author": meta.publisher.name,
        "role": meta.publisher.category.to_string(),
        "timestamp": timestamp(first),
        "version": meta.version,
        "tooling": format!("mpcvd {}", env!("CARGO_PKG_VERSION")),
        "statements": statements,
    });
    if let (true, Some(map)) = (last != first, doc.as_object_mut()) {
        map.insert("last_updated".to_owned(), json!(timestamp(last)));
    }
    Ok(doc)
}

fn vulnerability(case: &Case) -> Value {
    let name = vulnerability_name(case);
    let mut aliases: Vec<String> = Vec::new();
    for alias in case
        .advisory()
        .identifiers
        .iter()
        .map(String::as_str)
        .chain(core::iter::once(case.id().as_str()))
    {
        if alias != name && !alias.trim().is_empty() && !aliases.iter().any(|a| a == alias) {
            aliases.push(alias.to_owned());
        }
    }
    let mut v = json!({"name": name});
    if let Some(map) = v.as_object_mut() {
        if is_cve_id(&name) {
            map.insert(
                "@id".to_owned(),
                json!(format!("https://www.cve.org/CVERecord?id={name}")),
            );
        }
        if let Some(title) = case
            .advisory()
            .title
            .as_ref()
            .filter(|t| !t.trim().is_empty())
        {
            map.insert("description".to_owned(), json!(title));
        }
        if !aliases.is_empty() {
            map.insert("aliases".to_owned(), json!(aliases));
        }
    }
    v
}

/// A product's OpenVEX `@id`: its purl, else `urn:mpcvd:product:<id>`.
#[must_use]
pub fn product_iri(product: &super::Product) -> String {
    product
        .purl
        .clone()
        .unwrap_or_else(|| format!("urn:mpcvd:product:{}", iri_segment(&product.id)))
}

fn statement(
    case: &Case,
    s: &ProductStatement<'_>,
    vulnerability: &Value,
    publication: &Publication,
) -> Value {
    let mut product = Map::new();
    product.insert("@id".to_owned(), json!(product_iri(s.product)));
    let mut identifiers = Map::new();
    if let Some(purl) = &s.product.purl {
        identifiers.insert("purl".to_owned(), json!(purl));
    }
    if let Some(cpe) = &s.product.cpe {
        identifiers.insert("cpe23".to_owned(), json!(cpe));
    }
    if !identifiers.is_empty() {
        product.insert("identifiers".to_owned(), Value::Object(identifiers));
    }
    let mut st = Map::new();
    st.insert("vulnerability".to_owned(), vulnerability.clone());
    st.insert("timestamp".to_owned(), json!(timestamp(case.now())));
    st.insert("products".to_owned(), json!([Value::Object(product)]));
    st.insert("status".to_owned(), json!(s.status.to_string()));
    match s.status {
        VexStatus::NotAffected => {
            if let Some(j) = s.not_affected.justification {
                st.insert("justification".to_owned(), json!(j.to_string()));
            }
            if let Some(text) = &s.not_affected.impact_statement {
                st.insert("impact_statement".to_owned(), json!(text));
            }
        }
        VexStatus::Affected => {
            if let Some(action) = &s.action {
                st.insert("action_statement".to_owned(), json!(action));
                st.insert(
                    "action_statement_timestamp".to_owned(),
                    json!(timestamp(case.now())),
                );
            }
        }
        VexStatus::Fixed | VexStatus::UnderInvestigation => {}
    }
    let mut notes = format!(
        "{} ({}) in case {}.",
        s.vendor.name(),
        s.vendor.id(),
        case.id()
    );
    if !publication.publishable {
        notes.push(' ');
        notes.push_str(&publication.notice());
    }
    st.insert("status_notes".to_owned(), json!(notes));
    Value::Object(st)
}

/// The product statuses of an OpenVEX document: product `@id` → status, read from
/// every statement (unknown statuses are ignored).
#[must_use]
pub fn product_statuses(document: &Value) -> BTreeMap<String, VexStatus> {
    let mut out = BTreeMap::new();
    let statements = document
        .get("statements")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for st in statements {
        let status = st
            .get("status")
            .cloned()
            .and_then(|s| serde_json::from_value::<VexStatus>(s).ok());
        let Some(status) = status else { continue };
        let products = st
            .get("products")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for id in products
            .iter()
            .filter_map(|p| p.get("@id"))
            .filter_map(Value::as_str)
        {
            out.insert(id.to_owned(), status);
        }
    }
    out
}
