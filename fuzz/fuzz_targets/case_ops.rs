//! Arbitrary operation sequences against a `Case`: participants joining and
//! leaving, local actions, peer messages of every type, status reports, time jumps
//! (forwards and back), policy changes, ownership offers and their answers (by
//! anyone, or no one named, so that authority refusals are exercised), and a JSON
//! save/load in the middle.
//!
//! After every step: the invariants hold; a refused input left the case unchanged
//! (atomicity); a closed participant did not change. On one step the input chooses:
//! the same input given to `dry_run` first gives the same result as `handle`
//! (determinism); on another: the saved case loads back equal. At the end,
//! replaying the timeline reproduces the case (every accepted input handled again,
//! effects included: determinism over the whole run).
//!
//! A run is at most [`MAX_STEPS`] inputs and the two expensive checks are sampled,
//! one step each, so that the target runs at over a thousand executions a second
//! (`fuzz/README.md`): a refused input is explained by planning every action its
//! participant might take instead, so a `dry_run` twin on every step doubled the
//! cost of each refusal, and saving the whole case every few steps grew with the
//! timeline.
#![no_main]

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use mpcvd::case::{
    Action, Advisory, Case, Credit, DisputeCause, DisputeOutcome, EmbargoTerms, Input, Message, Payload,
    ReportSummary,
};
use mpcvd::cs::Vfd;
use mpcvd::id::CaseId;
use mpcvd::message::MessageType;
use mpcvd::participant::{Affectedness, NewParticipant, ParticipantId};
use mpcvd::policy::{PRESETS, Policy};
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};

const PEOPLE: [(&str, &[Role]); 6] = [
    ("fay", &[Role::Finder, Role::Reporter]),
    ("cert", &[Role::Coordinator]),
    ("acme", &[Role::Vendor]),
    ("bolt", &[Role::Vendor, Role::Deployer]),
    ("ops", &[Role::Deployer]),
    ("obs", &[Role::Other]),
];

fn id(u: &mut Unstructured<'_>) -> Result<ParticipantId> {
    let (name, _) = PEOPLE[usize::from(u.int_in_range(0..=5u8)?)];
    Ok(ParticipantId::new(name).expect("valid id"))
}

/// Who an input names as its author: anyone, or (one time in eight) no one.
fn by(u: &mut Unstructured<'_>) -> Result<Option<ParticipantId>> {
    Ok(if u.int_in_range(0..=7u8)? == 0 { None } else { Some(id(u)?) })
}

fn terms(u: &mut Unstructured<'_>, now: DateTime<Utc>) -> Result<EmbargoTerms> {
    let start = now + Duration::days(i64::from(u.int_in_range(-5i8..=5)?));
    let end = start + Duration::days(i64::from(u.int_in_range(-3i16..=200)?));
    Ok(EmbargoTerms { start, end })
}

fn action(u: &mut Unstructured<'_>, now: DateTime<Utc>) -> Result<Action> {
    Ok(match u.int_in_range(0..=27u8)? {
        0 => Action::Validate,
        1 => Action::Invalidate,
        2 => Action::Accept,
        3 => Action::Defer,
        4 => Action::Close,
        5 => Action::CloseDespiteEmbargo { reason: "r".into() },
        6 | 7 => Action::submit(id(u)?, ReportSummary::new("t", "s")),
        8 => Action::ProposeEmbargo { terms: terms(u, now)? },
        9 => Action::AcceptEmbargo,
        10 => Action::RejectEmbargo,
        11 => Action::ReviseEmbargo { terms: terms(u, now)? },
        12 => Action::TerminateEmbargo,
        13 => Action::FixReady,
        14 => Action::FixDeployed,
        15 => Action::Publish,
        16 => Action::ExploitPublished,
        17 => Action::AttacksObserved,
        18 => Action::Inquire { text: "?".into() },
        19 => Action::PublishEarly { reason: "leak".into() },
        20 => Action::AgreeToRules,
        21 => Action::MarkAffected {
            vendor: id(u)?,
            affected: if u.arbitrary()? { Affectedness::Affected } else { Affectedness::NotAffected },
        },
        22 => Action::OpenDispute { cause: DisputeCause::Timing, detail: "d".into() },
        23 => Action::ResolveDispute {
            dispute: u.int_in_range(0..=3)?,
            outcome: if u.arbitrary()? { DisputeOutcome::NotAVulnerability } else { DisputeOutcome::Vulnerability },
            agreed_by: vec![id(u)?],
        },
        24 => Action::AgreeToConclusion { dispute: u.int_in_range(0..=3)? },
        25 => Action::UpdateAdvisory {
            advisory: Box::new(Advisory {
                title: Some("t".into()),
                fixes: vec!["1".into()],
                credits: vec![Credit { name: "f".into(), consent: u.arbitrary()? }],
                ..Advisory::default()
            }),
        },
        26 => Action::RequestGrace { fix_expected: u.arbitrary()? },
        _ => if u.arbitrary()? { Action::CloseCase } else { Action::ReopenCase { reason: "r".into() } },
    })
}

fn input(u: &mut Unstructured<'_>, case: &Case) -> Result<(Input, DateTime<Utc>)> {
    let now = case.now();
    let at = match u.int_in_range(0..=9u8)? {
        0 => now - Duration::hours(1),
        1..=3 => now + Duration::hours(i64::from(u.int_in_range(1u16..=24 * 60)?)),
        _ => now,
    };
    let input = match u.int_in_range(0..=13u8)? {
        0 => {
            let (name, roles) = PEOPLE[usize::from(u.int_in_range(0..=5u8)?)];
            let participant = NewParticipant::new(ParticipantId::new(name).expect("id"), name, RoleSet::of(roles));
            Input::AddParticipant { participant: Box::new(participant), by: by(u)? }
        }
        1 => Input::RemoveParticipant { participant: id(u)?, by: by(u)? },
        2 | 3 => {
            let kinds: Vec<MessageType> = MessageType::all().collect();
            let kind = kinds[usize::from(u.int_in_range(0..=27u8)?)];
            let payload = match kind {
                MessageType::RS => Payload::Report(Box::new(ReportSummary::new("t", ""))),
                MessageType::EP | MessageType::EV => Payload::Embargo(terms(u, now)?),
                _ => Payload::None,
            };
            Input::Message { message: Message { kind, from: id(u)?, to: vec![id(u)?], payload } }
        }
        4 => Input::Status {
            participant: id(u)?,
            rm: if u.arbitrary()? { Some(RmState::Accepted) } else { None },
            vfd: if u.arbitrary()? { Some(Vfd::FixReady) } else { None },
        },
        5 => {
            let (_, make) = PRESETS[usize::from(u.int_in_range(0..=(PRESETS.len() - 1) as u8)?)];
            Input::ChangePolicy { policy: Box::new(make()), by: by(u)? }
        }
        6 => Input::Tick,
        7 => Input::OfferOwnership { to: id(u)?, by: id(u)? },
        8 => {
            if u.arbitrary()? {
                Input::AcceptOwnership { by: id(u)? }
            } else {
                Input::RejectOwnership { by: id(u)? }
            }
        }
        _ => Input::Act { actor: id(u)?, action: action(u, now)? },
    };
    Ok((input, at))
}

/// The most inputs one run applies (after the four joins that set the case up).
const MAX_STEPS: u8 = 24;

/// The case every run starts from: the first four people joined (set up once).
fn setup() -> &'static Case {
    static CASE: OnceLock<Case> = OnceLock::new();
    CASE.get_or_init(|| {
        let start = DateTime::UNIX_EPOCH + Duration::days(20_000);
        let mut case = Case::new(CaseId::new("VU#fuzz").expect("id"), Policy::default(), start);
        for (name, roles) in PEOPLE.iter().take(4) {
            let p = NewParticipant::new(ParticipantId::new(name).expect("id"), name, RoleSet::of(roles));
            let by = case.owner().cloned();
            case.handle(Input::AddParticipant { participant: Box::new(p), by }, start).expect("setup");
        }
        case
    })
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let mut case = setup().clone();
    let steps = u.int_in_range(1..=MAX_STEPS)?;
    // The steps that get the expensive checks: a `dry_run` twin, and a save/load.
    let twin_at = u.int_in_range(0..=steps - 1)?;
    let save_at = u.int_in_range(0..=steps - 1)?;
    for step in 0..steps {
        // Input exhausted: stop here, but still replay what was applied.
        let Ok((input, at)) = input(u, &case) else { break };
        let before = case.clone();
        let twin = (step == twin_at).then(|| case.dry_run(&input, at));
        let result = case.handle(input, at).map(<[_]>::to_vec);
        if let Some(twin) = twin {
            assert_eq!(result, twin, "handling is deterministic");
        }
        if result.is_err() {
            assert_eq!(case, before, "a refused input changed the case");
        }
        for (was, now) in before.participants().iter().zip(case.participants()) {
            if was.rm() == RmState::Closed {
                assert_eq!(was.rm(), now.rm(), "a closed participant changed");
                assert_eq!(was.vfd(), now.vfd(), "a closed participant changed");
            }
        }
        case.check_invariants().expect("invariants hold");
        if step == save_at {
            let text = serde_json::to_string(&case).expect("serialise");
            let loaded: Case = serde_json::from_str(&text).expect("a saved case loads");
            assert_eq!(loaded, case);
        }
    }
    assert_eq!(Case::replay(case.timeline()).expect("replay"), case);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
