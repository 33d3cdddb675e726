//! How a case's outputs read to people: one line each, for logs, terminals and
//! examples (`Debug` stays the structural form).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mpcvd::case::{Deadline, DeadlineKind, Effect, Origin, Outgoing, Payload, Recipients, Rule, Warning};
//! use mpcvd::message::MessageType;
//! use mpcvd::participant::ParticipantId;
//!
//! let acme = ParticipantId::new("acme")?;
//! let ack = Effect::Send(Outgoing {
//!     kind: MessageType::EK,
//!     from: Origin::Participant(acme.clone()),
//!     to: Recipients::one(ParticipantId::new("cert")?),
//!     payload: Payload::None,
//!     in_reply_to: Some(MessageType::EP),
//! });
//! assert_eq!(ack.to_string(), "send EK acme → cert (answering EP)");
//! let end = Utc.with_ymd_and_hms(2026, 3, 18, 9, 0, 0).unwrap();
//! let deadline = Effect::Deadline(Deadline { at: end, kind: DeadlineKind::EmbargoEnds });
//! assert_eq!(deadline.to_string(), "deadline 2026-03-18 09:00 UTC: the embargo ends");
//! let warning = Effect::Warning(Warning {
//!     rule: Rule::EmbargoAfterFix,
//!     participant: Some(acme),
//!     detail: "a fix is ready".to_owned(),
//! });
//! assert_eq!(warning.to_string(), "warning [embargo.after-fix] acme: a fix is ready");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use chrono::{DateTime, Utc};

use super::effect::{Deadline, DeadlineKind, Effect, Origin, Outgoing, Warning};
use super::embargo::EmbargoTerms;
use super::input::Payload;
use super::readiness::{Missing, Unmet};
use crate::deadline::EscalationStep;
use crate::participant::ParticipantId;

/// An instant as people read it: `2026-03-18 09:00 UTC`.
fn instant(at: &DateTime<Utc>) -> impl fmt::Display + '_ {
    at.format("%Y-%m-%d %H:%M UTC")
}

fn list(f: &mut fmt::Formatter<'_>, ids: &[ParticipantId]) -> fmt::Result {
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{id}")?;
    }
    Ok(())
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Send(out) => write!(f, "send {out}"),
            Self::Deadline(deadline) => write!(f, "deadline {deadline}"),
            Self::Warning(warning) => write!(f, "warning {warning}"),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Participant(id) => write!(f, "{id}"),
            Self::Case => f.write_str("the case"),
        }
    }
}

/// `EP cert → acme, bolt (embargo 2026-01-05 09:00 UTC → 2026-02-19 09:00 UTC)`.
impl fmt::Display for Outgoing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} → ", self.kind, self.from)?;
        list(f, &self.to)?;
        if !self.payload.is_none() {
            write!(f, " ({})", self.payload)?;
        }
        if let Some(answering) = self.in_reply_to {
            write!(f, " (answering {answering})")?;
        }
        Ok(())
    }
}

impl fmt::Display for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("no payload"),
            Self::Report(report) => write!(f, "report “{}”", report.title),
            Self::Embargo(terms) => write!(f, "embargo {terms}"),
            Self::Text { text } => write!(f, "“{text}”"),
            Self::Participant { participant } => write!(f, "participant `{participant}`"),
        }
    }
}

impl fmt::Display for EmbargoTerms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} → {}", instant(&self.start), instant(&self.end))
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", instant(&self.at), self.kind)
    }
}

impl fmt::Display for DeadlineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmbargoEnds => f.write_str("the embargo ends"),
            Self::PublishAllowed { vendor } => {
                write!(f, "publication allowed under the deadline for {vendor}")
            }
            Self::Escalate { vendor, step } => {
                let step = match step {
                    EscalationStep::SecondContact => "contact again",
                    EscalationStep::ContactIntermediary => "contact through an intermediary",
                    EscalationStep::PublishAdvisory => "unreachable: publish an advisory",
                };
                write!(f, "escalate {vendor}: {step}")
            }
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] ", self.rule)?;
        if let Some(id) = &self.participant {
            write!(f, "{id}: ")?;
        }
        f.write_str(&self.detail)
    }
}

/// `acme-hq is not reached yet`, `the embargo is in force until 2026-03-18 09:00 UTC`.
impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmbargoInForce { until } => {
                write!(f, "the embargo is in force until {}", instant(until))
            }
            Self::VendorNotReached { vendor } => write!(f, "{vendor} is not reached yet"),
            Self::ParentNotReached { vendor, parent } => {
                write!(f, "{parent}, the parent of {vendor}, is not reached yet")
            }
            Self::DownstreamWindow {
                vendor,
                upstream,
                until,
            } => write!(
                f,
                "{vendor} has until {} to take in the fix of {upstream}",
                instant(until)
            ),
            Self::DeadlineNotReached { vendor, at } => {
                write!(f, "the deadline for {vendor} passes at {}", instant(at))
            }
            Self::DisputeOpen { dispute } => write!(f, "dispute {dispute} is open"),
            Self::AdvisoryField { field } => write!(f, "the advisory's {field} is empty"),
            Self::CreditWithoutConsent { name } => {
                write!(f, "{name} is credited without consent")
            }
            Self::CaseClosed => f.write_str("the case is closed"),
        }
    }
}

/// `[publish.vendors-unreached, deny] acme-hq is not reached yet`.
impl fmt::Display for Unmet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {}] {}", self.rule, self.level, self.missing)
    }
}
