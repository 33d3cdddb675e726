//! One case run under two coordinator policies that decide differently.
//!
//! A finder reports through a coordinator to two vendors; one vendor's headquarters
//! is never told, and the reporter wants to publish on day 30. Under a CERT/CC-like
//! policy publication is refused (with the reasons); under a Project Zero-like
//! policy the same request is refused for a different reason, and allowed later.
//!
//! Run with `cargo run --example policy`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{Action, Advisory, AffectedProduct, Case, Effect, Input, ReportSummary};
use mpcvd::id::CaseId;
use mpcvd::participant::{NewParticipant, Organisation, ParticipantId};
use mpcvd::policy::Policy;
use mpcvd::role::{Role, RoleSet};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn day(n: i64) -> Result<DateTime<Utc>> {
    let start = Utc
        .with_ymd_and_hms(2026, 6, 1, 9, 0, 0)
        .single()
        .ok_or("bad date")?;
    start
        .checked_add_signed(Duration::days(n))
        .ok_or_else(|| "date out of range".into())
}

fn id(s: &str) -> Result<ParticipantId> {
    Ok(ParticipantId::new(s)?)
}

fn act(actor: &str, action: Action) -> Result<Input> {
    Ok(Input::Act {
        actor: id(actor)?,
        action,
    })
}

/// Builds the same case under `policy` and returns it on day 30.
fn run(policy: Policy) -> Result<Case> {
    let mut case = Case::new(CaseId::new("VU#2026-06")?, policy, day(0)?);
    let mut people = vec![
        NewParticipant::new(
            id("fay")?,
            "Fay (finder)",
            RoleSet::of(&[Role::Finder, Role::Reporter]),
        ),
        NewParticipant::new(
            id("cert")?,
            "Coordinator",
            RoleSet::of(&[Role::Coordinator]),
        ),
        NewParticipant::new(
            id("acme-hq")?,
            "Acme Inc. (HQ)",
            RoleSet::of(&[Role::Vendor]),
        ),
        NewParticipant::new(id("acme-eu")?, "Acme Europe", RoleSet::of(&[Role::Vendor])),
        NewParticipant::new(id("bolt")?, "Bolt Ltd", RoleSet::of(&[Role::Vendor])),
    ];
    if let Some(branch) = people.get_mut(3) {
        branch.organisation = Some(Organisation {
            parent: Some(id("acme-hq")?),
            ..Organisation::default()
        });
    }
    for participant in people {
        case.handle(
            Input::AddParticipant {
                participant: Box::new(participant),
                by: case.owner().cloned(),
            },
            day(0)?,
        )?;
    }
    let report = ReportSummary::new("Heap overflow in the image parser", "PoC attached");
    case.handle(
        act("fay", Action::submit(id("cert")?, report.clone()))?,
        day(0)?,
    )?;
    case.handle(act("cert", Action::Validate)?, day(1)?)?;
    case.handle(act("cert", Action::Accept)?, day(1)?)?;
    // The coordinator reaches the European branch and Bolt, but never HQ.
    for vendor in ["acme-eu", "bolt"] {
        case.handle(
            act("cert", Action::submit(id(vendor)?, report.clone()))?,
            day(2)?,
        )?;
    }
    case.handle(act("acme-eu", Action::Validate)?, day(3)?)?;
    case.handle(act("acme-eu", Action::Accept)?, day(3)?)?;
    case.handle(act("acme-eu", Action::FixReady)?, day(20)?)?;
    let advisory = Advisory {
        title: Some("Heap overflow in the image parser".into()),
        affected: vec![AffectedProduct {
            vendor: Some(id("acme-eu")?),
            product: "PixelView".into(),
            versions: vec!["< 3.2".into()],
        }],
        fixes: vec!["PixelView 3.2".into()],
        ..Advisory::default()
    };
    case.handle(
        act(
            "cert",
            Action::UpdateAdvisory {
                advisory: Box::new(advisory),
            },
        )?,
        day(21)?,
    )?;
    case.handle(Input::Tick, day(30)?)?;
    Ok(case)
}

fn show(title: &str, case: &Case) -> Result<()> {
    println!(
        "== {title} (policy {} {})",
        case.policy().name,
        case.policy().version
    );
    let readiness = case.publication_readiness(Some(&id("fay")?));
    if readiness.is_ready() {
        println!("  ready to publish on {}", case.now().date_naive());
    } else {
        println!("  not ready to publish on {}:", case.now().date_naive());
    }
    for unmet in &readiness.unmet {
        println!("    {unmet}");
    }
    match case.dry_run(&act("fay", Action::Publish)?, case.now()) {
        Ok(effects) => {
            let warnings = effects
                .iter()
                .filter(|e| matches!(e, Effect::Warning(_)))
                .count();
            println!("  Publish → accepted ({warnings} warning(s))");
        }
        Err(error) => println!("  Publish → refused: {error}"),
    }
    if let Some(deadline) = case.next_deadline() {
        println!("  next deadline: {deadline}");
    }
    Ok(())
}

fn main() -> Result<()> {
    let cert = run(Policy::preset("cert-cc").ok_or("no cert-cc preset")?)?;
    show("CERT/CC-like coordinator", &cert)?;
    let zero = run(Policy::preset("project-zero").ok_or("no project-zero preset")?)?;
    show("Project Zero-like finder", &zero)?;

    // The Project Zero-like policy lets the finder publish once the clock runs out.
    let mut later = zero.clone();
    later.handle(Input::Tick, day(90)?)?;
    show("Project Zero-like finder, 90 days later", &later)?;
    Ok(())
}
