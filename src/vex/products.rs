//! The caller's products, each a vendor participant's, and the status each takes.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::VexError;
use crate::case::Case;
use crate::mapping::{NotAffected, VexStatus, action_statement, vex_status};
use crate::participant::{Participant, ParticipantId};
use crate::role::Role;

/// The most products one document holds.
pub const MAX_PRODUCTS: usize = 4096;

/// One product.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Its id within the document (CSAF `product_id`); unique.
    pub id: String,
    /// Its full name (CSAF `full_product_name.name`).
    pub name: String,
    /// The vendor participant whose status it takes.
    pub vendor: ParticipantId,
    /// One version (not a range: CSAF 2.0 §6.1.31), if the product is versioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Its package URL (`pkg:…`): CSAF's identification helper, OpenVEX's `@id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// Its CPE 2.3 name (`cpe:2.3:…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpe: Option<String>,
    /// Why it is not affected, when its vendor is marked not affected. Without it,
    /// the documents state that no justification was recorded.
    #[serde(default, skip_serializing_if = "NotAffected::is_empty")]
    pub not_affected: NotAffected,
}

/// The caller's products (`{"products": [...]}`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Products {
    /// The products, in document order.
    pub products: Vec<Product>,
}

/// A product with the status its vendor gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductStatement<'a> {
    /// The product.
    pub product: &'a Product,
    /// Its vendor.
    pub vendor: &'a Participant,
    /// Its VEX status.
    pub status: VexStatus,
    /// Why not affected (non-empty when `status` is `not_affected`).
    pub not_affected: NotAffected,
    /// What to do (when `status` is `affected`).
    pub action: Option<String>,
    /// When the vendor's fix became ready (when `fixed`).
    pub fixed_at: Option<DateTime<Utc>>,
}

impl Products {
    /// Reads products from JSON; errors name the field path.
    ///
    /// # Errors
    /// [`VexError::Parse`].
    pub fn from_json(text: &str) -> Result<Self, VexError> {
        VexError::parse("products", text)
    }

    /// One product per vendor participant (members, in joining order), named after
    /// it, with id `CSAFPID-<vendor id>`.
    #[must_use]
    pub fn of_vendors(case: &Case) -> Self {
        let products = case
            .participants()
            .iter()
            .filter(|p| p.is_member() && p.roles().contains(Role::Vendor))
            .map(|p| Product {
                id: format!("CSAFPID-{}", p.id()),
                name: p.name().to_owned(),
                vendor: p.id().clone(),
                version: None,
                purl: None,
                cpe: None,
                not_affected: NotAffected::default(),
            })
            .collect();
        Self { products }
    }

    /// These products, or [`Products::of_vendors`] when there are none.
    #[must_use]
    pub fn or_vendors(&self, case: &Case) -> Self {
        if self.products.is_empty() {
            Self::of_vendors(case)
        } else {
            self.clone()
        }
    }

    /// Every product with its vendor's status, checked against the case.
    ///
    /// # Errors
    /// [`VexError::Invalid`] naming the field: no product at all, too many, an
    /// empty or repeated id, an empty name, a vendor that is not a vendor member of
    /// the case, a version range, a purl or CPE of the wrong form.
    pub fn statements<'a>(&'a self, case: &'a Case) -> Result<Vec<ProductStatement<'a>>, VexError> {
        if self.products.is_empty() {
            return Err(VexError::invalid(
                "products",
                "no product: pass at least one, or let the case name one per vendor (it has no vendor member)",
            ));
        }
        if self.products.len() > MAX_PRODUCTS {
            return Err(VexError::invalid(
                "products",
                format!(
                    "{} products exceed the limit of {MAX_PRODUCTS}",
                    self.products.len()
                ),
            ));
        }
        let mut ids = BTreeSet::new();
        let mut out = Vec::with_capacity(self.products.len());
        for (i, product) in self.products.iter().enumerate() {
            let at = |field: &str| format!("products[{i}].{field}");
            if product.id.trim().is_empty() || product.id.trim() != product.id {
                return Err(VexError::invalid(
                    at("id"),
                    "empty, or with leading or trailing space",
                ));
            }
            if !ids.insert(product.id.as_str()) {
                return Err(VexError::invalid(
                    at("id"),
                    format!("`{}` is used by an earlier product", product.id),
                ));
            }
            if product.name.trim().is_empty() {
                return Err(VexError::invalid(at("name"), "empty"));
            }
            if let Some(version) = &product.version {
                check_version(version).map_err(|m| VexError::invalid(at("version"), m))?;
            }
            if let Some(purl) = &product.purl
                && !(purl.starts_with("pkg:") && purl.contains('/'))
            {
                return Err(VexError::invalid(
                    at("purl"),
                    "not a package URL (`pkg:type/name…`)",
                ));
            }
            if let Some(cpe) = &product.cpe
                && !cpe.starts_with("cpe:2.3:")
            {
                return Err(VexError::invalid(
                    at("cpe"),
                    "not a CPE 2.3 name (`cpe:2.3:…`)",
                ));
            }
            let vendor = case
                .participant(&product.vendor)
                .filter(|p| p.is_member() && p.roles().contains(Role::Vendor))
                .ok_or_else(|| {
                    VexError::invalid(
                        at("vendor"),
                        format!(
                            "`{}` is not a vendor member of case {}",
                            product.vendor,
                            case.id()
                        ),
                    )
                })?;
            out.push(statement(case, product, vendor));
        }
        Ok(out)
    }
}

fn statement<'a>(
    case: &Case,
    product: &'a Product,
    vendor: &'a Participant,
) -> ProductStatement<'a> {
    let status = vex_status(vendor);
    let not_affected = match status {
        VexStatus::NotAffected if product.not_affected.is_empty() => NotAffected::stated(&format!(
            "{} is recorded as not affected in case {}; no justification was recorded.",
            vendor.name(),
            case.id()
        )),
        VexStatus::NotAffected => product.not_affected.clone(),
        _ => NotAffected::default(),
    };
    ProductStatement {
        product,
        vendor,
        status,
        not_affected,
        action: (status == VexStatus::Affected).then(|| action_statement(case)),
        fixed_at: (status == VexStatus::Fixed)
            .then(|| vendor.status().fix_ready_at)
            .flatten(),
    }
}

/// CSAF 2.0 §6.1.31: a product version names one version, not a range.
fn check_version(version: &str) -> Result<(), String> {
    let lower = version.to_lowercase();
    let range = [
        "<", ">", "=", "after", "all", "before", "earlier", "later", "prior", "versions",
    ];
    if version.trim().is_empty() {
        Err("empty".to_owned())
    } else if let Some(word) = range.iter().find(|w| {
        lower
            .split(|c: char| c.is_whitespace())
            .any(|part| part == **w || (w.len() == 1 && part.contains(**w)))
    }) {
        Err(format!(
            "`{version}` reads as a version range (`{word}`); name one version (CSAF 2.0 §6.1.31)"
        ))
    } else {
        Ok(())
    }
}
