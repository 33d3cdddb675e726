//! A tracker driving one case through the case engine: a finder-reporter, a
//! coordinator and two vendors, from the report to publication. Like a tracker with
//! a database, it stores the case as JSON and loads it back before every step, and
//! prints the case's timeline at the end. Run with `cargo run --example tracker`.

use std::error::Error;

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{Action, Case, Effect, EmbargoTerms, Input, Message, Payload, ReportSummary};
use mpcvd::message::MessageType;
use mpcvd::participant::ParticipantId;
use mpcvd::policy::Policy;
use mpcvd::role::Role;

/// The tracker's storage: one case as a JSON document (a database row).
struct Store {
    row: String,
}

impl Store {
    /// Opens a new case and stores it.
    fn open(id: &str, at: DateTime<Utc>) -> Result<Self, Box<dyn Error>> {
        // Who takes part: the finder opens the case (and owns it), then adds the
        // others (`Case::builder` hands the case one `AddParticipant` each).
        let case = Case::builder(id, Policy::default(), at)
            .participant("fay", "Fay (finder)", &[Role::Finder, Role::Reporter])
            .participant("cert", "CERT/CC", &[Role::Coordinator])
            .participant("acme", "Acme Corp", &[Role::Vendor])
            .participant("bolt", "Bolt Ltd", &[Role::Vendor])
            .build()?;
        Ok(Self {
            row: serde_json::to_string(&case)?,
        })
    }

    /// Loads the case (loading re-validates it by replaying its timeline), hands it
    /// one input, and stores it again if the input was accepted. A refused input
    /// changes nothing, so nothing is written.
    fn step(&mut self, input: Input, at: DateTime<Utc>) -> Result<Vec<Effect>, Box<dyn Error>> {
        let mut case = Case::from_json(&self.row)?;
        let effects = case.handle(input, at)?.to_vec();
        self.row = serde_json::to_string(&case)?;
        Ok(effects)
    }

    fn load(&self) -> Result<Case, Box<dyn Error>> {
        Ok(Case::from_json(&self.row)?)
    }
}

fn id(s: &str) -> Result<ParticipantId, Box<dyn Error>> {
    Ok(ParticipantId::new(s)?)
}

fn act(actor: &str, action: Action) -> Result<Input, Box<dyn Error>> {
    Ok(Input::act(id(actor)?, action))
}

fn message(kind: MessageType, from: &str, to: &[&str]) -> Result<Input, Box<dyn Error>> {
    Ok(Input::Message {
        message: Message {
            kind,
            from: id(from)?,
            to: to.iter().map(|s| id(s)).collect::<Result<_, _>>()?,
            payload: Payload::None,
        },
    })
}

/// One line for an input.
fn describe_input(input: &Input) -> String {
    match input {
        Input::Act { actor, action } => match action {
            Action::Submit { to, .. } => format!("{actor} submits the report to {to}"),
            Action::ProposeEmbargo { terms } => {
                format!("{actor} proposes an embargo until {}", day(terms.end))
            }
            other => format!("{actor} {}", other.kind()),
        },
        Input::Message { message } => format!(
            "message {} from {} to {}",
            message.kind,
            message.from,
            join_ids(&message.to)
        ),
        Input::AddParticipant { participant, .. } => {
            format!("{} joins as {}", participant.id, participant.roles)
        }
        Input::RemoveParticipant { participant, .. } => format!("{participant} is removed"),
        Input::Tick => "time passes".to_owned(),
        _ => format!("{input:?}"),
    }
}

fn join_ids(ids: &[ParticipantId]) -> String {
    let ids: Vec<&str> = ids.iter().map(ParticipantId::as_str).collect();
    ids.join(", ")
}

fn day(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

fn main() -> Result<(), Box<dyn Error>> {
    let t0 = Utc
        .with_ymd_and_hms(2026, 2, 2, 9, 0, 0)
        .single()
        .ok_or("bad start time")?;
    let at = |days: i64, hours: i64| t0 + Duration::days(days) + Duration::hours(hours);
    let mut store = Store::open("VU#123456", t0)?;
    let report = ReportSummary::new(
        "Heap overflow in the image parser",
        "A crafted header overflows a fixed buffer.",
    );

    // The finder reports to the coordinator, who takes the case on.
    let submit = Action::submit(id("cert")?, report.clone());
    store.step(act("fay", submit)?, at(0, 1))?;
    store.step(act("cert", Action::Validate)?, at(1, 0))?;
    store.step(act("cert", Action::Accept)?, at(1, 0))?;

    // The coordinator proposes a 45-day embargo; the reporter agrees. The Deadline
    // effect tells the tracker when to call back.
    let terms = EmbargoTerms {
        start: at(1, 1),
        end: at(46, 1),
    };
    store.step(act("cert", Action::ProposeEmbargo { terms })?, at(1, 1))?;
    let effects = store.step(act("fay", Action::AcceptEmbargo)?, at(1, 3))?;
    let deadline = effects
        .iter()
        .find_map(|e| match e {
            Effect::Deadline(d) => Some(d.at),
            _ => None,
        })
        .ok_or("accepting the embargo sets a deadline")?;

    // The coordinator reaches both vendors; receiving the report makes each aware.
    for vendor in ["acme", "bolt"] {
        let submit = Action::submit(id(vendor)?, report.clone());
        store.step(act("cert", submit)?, at(2, 0))?;
    }

    // Acme works in the tracker's own interface (local actions); Bolt answers from
    // its own system, so its messages arrive as peer messages, and the other
    // participants' replies come back as effects.
    store.step(act("acme", Action::Validate)?, at(3, 0))?;
    store.step(act("acme", Action::Accept)?, at(3, 0))?;
    store.step(act("acme", Action::AcceptEmbargo)?, at(3, 1))?;
    store.step(message(MessageType::RV, "bolt", &["cert"])?, at(4, 0))?;
    store.step(message(MessageType::RA, "bolt", &["cert"])?, at(4, 0))?;
    store.step(message(MessageType::EK, "bolt", &["cert"])?, at(4, 1))?;

    // A refusal: acme, a vendor without deployment capability, reports its fix
    // deployed before it has one. The case refuses, names the rule and what acme
    // may do instead, and changes nothing: the tracker has nothing to store.
    let mut case = store.load()?;
    let before = case.clone();
    if let Err(error) = case.handle(act("acme", Action::FixDeployed)?, at(5, 0)) {
        println!(
            "Refused ({:?}, rule {}):\n  {error}",
            error.class(),
            error.rule()
        );
        if let Some(refusal) = error.refusal() {
            let allowed: Vec<String> = refusal.allowed.iter().map(ToString::to_string).collect();
            println!("  acme may instead: {}\n", allowed.join(", "));
        }
    }
    assert_eq!(case, before, "a refused input changes nothing");

    // Fixes.
    store.step(act("acme", Action::FixReady)?, at(30, 0))?;
    store.step(
        message(MessageType::CF, "bolt", &["cert", "acme"])?,
        at(38, 0),
    )?;

    // Nobody acts until the embargo's deadline: the tracker calls back then, the
    // embargo ends (ET from the case), and the coordinator publishes.
    store.step(Input::Tick, deadline)?;
    store.step(act("cert", Action::Publish)?, deadline + Duration::hours(1))?;
    for who in ["acme", "fay", "cert"] {
        store.step(act(who, Action::Close)?, at(50, 0))?;
    }
    store.step(message(MessageType::RC, "bolt", &["cert"])?, at(51, 0))?;

    // The timeline, from the stored document.
    let case = store.load()?;
    println!("Timeline of {}:", case.id());
    for entry in &case.timeline().entries {
        println!("{}  {}", day(entry.at), describe_input(&entry.input));
        for effect in &entry.effects {
            println!("{:18}-> {}", "", effect);
        }
    }
    println!("\nFinal states (RM, EM, CS):");
    for p in case.participants() {
        if let Some(state) = case.protocol_state_of(p.id()) {
            println!("  {:<5} {state}", p.id().as_str());
        }
    }
    println!(
        "\nStored as {} bytes of JSON; it reloads and replays to the same case: {}",
        store.row.len(),
        Case::replay(case.timeline())? == case
    );
    Ok(())
}
