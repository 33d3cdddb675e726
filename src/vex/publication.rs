//! Whether a document may go out: publishable, or marked TLP:RED and `draft` with
//! the readiness reasons.

use crate::case::{Case, CaseStatus, Missing, Unmet};
use crate::cs::CsEvent;
use crate::participant::Tlp;
use crate::policy::Level;

use super::metadata::TrackingStatus;

/// What the case says about publishing a document now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// Whether the document may be published: the public is already aware, or no
    /// embargo is in force and the case's publication readiness has no unmet rule
    /// at deny level. An embargo in force always withholds the document, whatever
    /// level the policy gives publishing during it.
    pub publishable: bool,
    /// Every unmet publication rule, one sentence each (`[deny] publish.embargo: …`).
    pub reasons: Vec<String>,
}

impl Publication {
    /// The case's answer, asked on behalf of no particular participant.
    #[must_use]
    pub fn of(case: &Case) -> Self {
        let readiness = case.publication_readiness(None);
        let public = case.pxa().has(CsEvent::PublicAware);
        let embargoed = crate::rules::embargo_forbids_publication(case.em());
        let mut reasons: Vec<String> = readiness.unmet.iter().map(describe).collect();
        if embargoed
            && !readiness
                .unmet
                .iter()
                .any(|u| matches!(u.missing, Missing::EmbargoInForce { .. }))
        {
            let until = case.embargo().in_force().map_or_else(String::new, |t| {
                format!(" until {}", super::timestamp(t.end))
            });
            reasons.insert(0, format!("[embargo] an embargo is in force{until}"));
        }
        Self {
            publishable: public || (!embargoed && readiness.is_ready()),
            reasons,
        }
    }

    /// The label: RED unless publishable; then the caller's, else CLEAR once the
    /// public is aware, else RED.
    #[must_use]
    pub fn tlp(&self, case: &Case, requested: Option<Tlp>) -> Tlp {
        if !self.publishable {
            Tlp::Red
        } else if let Some(tlp) = requested {
            tlp
        } else if case.pxa().has(CsEvent::PublicAware) {
            Tlp::Clear
        } else {
            Tlp::Red
        }
    }

    /// The tracking status: `draft` unless publishable; then the caller's, else
    /// `final` for a closed case and `interim` for an open one.
    #[must_use]
    pub fn status(&self, case: &Case, requested: Option<TrackingStatus>) -> TrackingStatus {
        if !self.publishable {
            TrackingStatus::Draft
        } else if let Some(status) = requested {
            status
        } else if matches!(case.status(), CaseStatus::Closed { .. }) {
            TrackingStatus::Final
        } else {
            TrackingStatus::Interim
        }
    }

    /// The notice a document that is not publishable carries.
    #[must_use]
    pub fn notice(&self) -> String {
        let mut text =
            String::from("TLP:RED. Not for publication: the case is not ready to publish.");
        for reason in &self.reasons {
            text.push('\n');
            text.push_str(reason);
        }
        text
    }
}

fn describe(unmet: &Unmet) -> String {
    let level = match unmet.level {
        Level::Deny => "deny",
        Level::Warn => "warn",
        Level::Off => "off",
    };
    let what = match &unmet.missing {
        Missing::EmbargoInForce { until } => {
            format!("an embargo is in force until {}", super::timestamp(*until))
        }
        Missing::VendorNotReached { vendor } => format!("vendor `{vendor}` has not been reached"),
        Missing::ParentNotReached { vendor, parent } => {
            format!("the parent `{parent}` of vendor `{vendor}` has not been reached")
        }
        Missing::DownstreamWindow {
            vendor,
            upstream,
            until,
        } => format!(
            "downstream vendor `{vendor}` is inside its window after `{upstream}`'s fix until {}",
            super::timestamp(*until)
        ),
        Missing::DeadlineNotReached { vendor, at } => format!(
            "vendor `{vendor}` has no fix and its deadline passes at {}",
            super::timestamp(*at)
        ),
        Missing::DisputeOpen { dispute } => format!("dispute {dispute} is open"),
        Missing::AdvisoryField { field } => format!("the advisory's `{field}` is empty"),
        Missing::CreditWithoutConsent { name } => {
            format!("the credit to `{name}` lacks their consent")
        }
        Missing::CaseClosed => "the case is closed".to_owned(),
    };
    format!("[{level}] {}: {what}", unmet.rule)
}
