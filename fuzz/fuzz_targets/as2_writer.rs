//! The AS2 writers' round trip: a message of any of the 28 types, with a wire
//! context derived from the bytes (ids, addressees, the report, the embargo's
//! window, the sender's RM, EM, consent and public-fact states, a note's text and
//! the question it answers), is written with [`as2::write`] and then read back:
//! - with the current reader ([`as2::read`]): the same message
//!   (`Meaning::message` in the embargo state it was sent in), the same id, actor,
//!   addressees, `published`, case, embargo end, status fields, note text and
//!   question;
//! - as text through [`as2::Activity::from_json`] and `map()`: the same message, or
//!   the same participant or case status (and the document writes back the same);
//! - the older writer, [`as2::Activity::from_message`], with the object each
//!   message takes, maps back to the same message.
//!
//! What the writers cannot express, and what is asserted instead:
//! - `RE`, `EK`, `EE`, `CK`, `CE`, `GE` have no form in Vultron's vocabulary: the
//!   writer refuses them ([`as2::As2Error::NoWireForm`]), and so does `GK` without
//!   the question it answers.
//! - `EP`/`EV`, `EA`/`EC`, `ER`/`EJ` share one form each; the embargo state tells
//!   them apart. A message written in a state that makes it the other one is
//!   refused; `map()`, which sees no state, reads the first of each pair.
//! - `CP`, `CX`, `CA` are one form, `Add(CaseStatus)` carrying the public facts
//!   after the message; the reader names the newest fact (`CA`, else `CX`, else
//!   `CP`). So `CP` sent when an exploit is already public reads as `CX`: what
//!   reads back is the case status exactly, and the message of its newest fact.
//! - `map()` does not read notes (`GI`, `GK`: `Create(Note)` is case management
//!   to it), so there it is an `Unsupported` error.
//! - Without a resolver, a case given only by id (`origin` of `ET`, `target` of a
//!   status) is not known to be the case: the reader names the case only where it
//!   is `context` or the inline object.
//! - A note's text is read up to `MAX_TEXT_LEN` characters.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use mpcvd::as2::{
    self, Activity, As2Error, Mapped, Meaning, NoResolve, NoteChange, Wire, closes_report,
    embargo_form, embargo_message,
};
use mpcvd::cs::{Pxa, Vfd};
use mpcvd::em::EmState;
use mpcvd::message::MessageType as M;
use mpcvd::participant::MAX_TEXT_LEN;
use mpcvd::pec::PecState;
use mpcvd::rm::RmState;
use serde_json::{Value, json};

/// A short string: an id, a name, a timestamp (any text: the writer copies it).
fn text(u: &mut Unstructured<'_>) -> Result<String> {
    let s: &str = u.arbitrary()?;
    Ok(s.chars().take(48).collect())
}

fn pick<T: Copy>(u: &mut Unstructured<'_>, all: &[T]) -> Result<T> {
    Ok(*u.choose(all)?)
}

fn wire(u: &mut Unstructured<'_>) -> Result<Wire> {
    const EM: [EmState; 5] =
        [EmState::None, EmState::Proposed, EmState::Active, EmState::Revise, EmState::Exited];
    const RM: [RmState; 7] = [
        RmState::Start,
        RmState::Received,
        RmState::Invalid,
        RmState::Valid,
        RmState::Accepted,
        RmState::Deferred,
        RmState::Closed,
    ];
    const PEC: [PecState; 5] = [
        PecState::NoEmbargo,
        PecState::Invited,
        PecState::Signatory,
        PecState::Declined,
        PecState::Lapsed,
    ];
    let recipients = u.int_in_range(0..=3u8)?;
    Ok(Wire {
        id: text(u)?,
        actor: text(u)?,
        to: (0..recipients).map(|_| text(u)).collect::<Result<_>>()?,
        published: if u.arbitrary()? { Some(text(u)?) } else { None },
        case: text(u)?,
        report: text(u)?,
        report_name: text(u)?,
        report_content: text(u)?,
        reporter: text(u)?,
        offer: text(u)?,
        offered_to: text(u)?,
        embargo: text(u)?,
        embargo_window: if u.arbitrary()? { Some((text(u)?, text(u)?)) } else { None },
        participant: text(u)?,
        em: pick(u, &EM)?,
        rm: pick(u, &RM)?,
        consent: pick(u, &PEC)?,
        pxa: Pxa::new(u.arbitrary()?, u.arbitrary()?, u.arbitrary()?),
        text: {
            let s: &str = u.arbitrary()?;
            s.to_owned()
        },
        in_reply_to: if u.arbitrary()? { Some(text(u)?) } else { None },
    })
}

/// The message a case status reads as: its newest public fact.
fn newest_fact(pxa: Pxa) -> Option<M> {
    if pxa.attacks_observed() {
        Some(M::CA)
    } else if pxa.exploit_public() {
        Some(M::CX)
    } else if pxa.public_aware() {
        Some(M::CP)
    } else {
        None
    }
}

/// Whether `write` has a form for `message` in this context.
fn writable(message: M, wire: &Wire) -> bool {
    match message {
        M::RE | M::EK | M::EE | M::CK | M::CE | M::GE => false,
        M::GK => wire.in_reply_to.is_some(),
        m => embargo_form(m).is_none_or(|form| embargo_message(form, wire.em) == m),
    }
}

fn vfd_of(message: M) -> Option<Vfd> {
    match message {
        M::CV => Some(Vfd::Aware),
        M::CF => Some(Vfd::FixReady),
        M::CD => Some(Vfd::FixDeployed),
        _ => None,
    }
}

/// The current reader: every field the writer wrote comes back.
fn check_read(message: M, wire: &Wire, doc: &Value) {
    let reading = as2::read(doc, &NoResolve).expect("a written document reads");
    assert_eq!(reading.id.as_deref(), Some(wire.id.as_str()));
    assert_eq!(reading.actor.as_deref(), Some(wire.actor.as_str()));
    assert_eq!(reading.to, wire.to);
    assert_eq!(reading.published, wire.published);
    let case_named = matches!(message, M::RA | M::RD | M::EP | M::EV | M::EA | M::EC | M::ER | M::EJ)
        || (message == M::RC && !closes_report(wire.rm));
    assert_eq!(reading.case.as_deref(), case_named.then_some(wire.case.as_str()), "case");
    let read_as = reading.meaning.message(wire.em);
    match &reading.meaning {
        Meaning::CaseStatus { em, pxa } => {
            assert!(matches!(message, M::CP | M::CX | M::CA), "{message}");
            assert_eq!((*em, *pxa), (Some(wire.em), Some(wire.pxa)));
            assert_eq!(read_as, newest_fact(wire.pxa));
        }
        meaning => {
            assert_eq!(read_as, Some(message), "{meaning:?}");
            match meaning {
                Meaning::Embargo { form, end } => {
                    assert_eq!(Some(*form), embargo_form(message));
                    assert_eq!(end, &wire.embargo_window.as_ref().map(|(_, end)| end.clone()));
                }
                Meaning::ParticipantStatus { participant, of, rm, vfd, consent, roles, owner } => {
                    assert_eq!(participant.as_deref(), Some(wire.participant.as_str()));
                    assert_eq!(of.as_deref(), Some(wire.actor.as_str()));
                    assert_eq!((*rm, *vfd, *consent), (Some(wire.rm), vfd_of(message), Some(wire.consent)));
                    assert!(roles.is_empty() && !owner);
                }
                Meaning::Note { change, text, in_reply_to } => {
                    assert_eq!(*change, NoteChange::Created);
                    let expected: String = wire.text.chars().take(MAX_TEXT_LEN).collect();
                    assert_eq!(text, &expected);
                    let question = if message == M::GK { wire.in_reply_to.clone() } else { None };
                    assert_eq!(in_reply_to, &question);
                }
                Meaning::Message { .. } => {}
                other => panic!("{message} read as {other:?}"),
            }
        }
    }
}

/// What `map()` gives for a written message: the first message of an embargo
/// pair (it knows no state), the statuses, no notes.
fn mapped(message: M, wire: &Wire) -> Option<Mapped> {
    Some(match message {
        M::EP | M::EV => Mapped::Message(M::EP),
        M::EA | M::EC => Mapped::Message(M::EA),
        M::ER | M::EJ => Mapped::Message(M::ER),
        M::CV | M::CF | M::CD => Mapped::ParticipantStatus { rm: Some(wire.rm), vfd: vfd_of(message) },
        M::CP | M::CX | M::CA => Mapped::CaseStatus { em: Some(wire.em), pxa: Some(wire.pxa) },
        M::GI | M::GK => return None,
        m => Mapped::Message(m),
    })
}

/// The older reader, from the written text.
fn check_activity(message: M, wire: &Wire, doc: &Value) {
    let text = serde_json::to_string(doc).expect("a value serialises");
    let activity = Activity::from_json(&text).expect("a written document is an AS2 document");
    assert_eq!(&activity.to_json(), doc);
    match (activity.map(), mapped(message, wire)) {
        (Ok(got), Some(expected)) => assert_eq!(got, expected),
        (Err(As2Error::Unsupported { .. }), None) => {}
        (got, expected) => panic!("{message}: mapped {got:?}, expected {expected:?}"),
    }
}

/// The older writer, with the object each message takes: the embargo event
/// inline for embargo messages, else the report's, offer's or case's id.
fn check_from_message(message: M, wire: &Wire) {
    let event = json!({"type": "EmbargoEvent", "id": wire.embargo});
    let object = match message {
        M::EP | M::EV | M::EA | M::EC | M::ER | M::EJ | M::ET => event,
        M::RS | M::RK => Value::from(wire.report.clone()),
        M::RV | M::RI => Value::from(wire.offer.clone()),
        _ => Value::from(wire.case.clone()),
    };
    let written = Activity::from_message(
        message,
        Value::from(wire.actor.clone()),
        object,
        None,
        Some(Value::from(wire.case.clone())),
    );
    match (written, mapped(message, wire)) {
        (Ok(activity), Some(Mapped::Message(expected))) => {
            assert_eq!(activity.map().expect("a written message maps"), Mapped::Message(expected));
        }
        (Err(As2Error::Unsupported { .. }), _) => assert!(
            !matches!(
                message,
                M::RS | M::RK | M::RV | M::RI | M::RC | M::RA | M::RD | M::ET
            ) && embargo_form(message).is_none(),
            "{message} has a form"
        ),
        (got, _) => panic!("{message}: {got:?}"),
    }
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let all: Vec<M> = M::all().collect();
    let message = pick(u, &all)?;
    let wire = wire(u)?;
    match as2::write(message, &wire) {
        Ok(doc) => {
            assert!(writable(message, &wire), "{message} written: {doc}");
            check_read(message, &wire, &doc);
            check_activity(message, &wire, &doc);
        }
        Err(As2Error::NoWireForm { message: refused, .. }) => {
            assert_eq!(refused, message);
            assert!(!writable(message, &wire), "{message} refused");
        }
        Err(other) => panic!("{message}: {other}"),
    }
    check_from_message(message, &wire);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
