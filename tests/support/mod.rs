//! Helpers shared by the case test files: times, ids, inputs, expected effects,
//! and building cases with participants in given states.

#![allow(
    dead_code,
    reason = "each test file uses a different subset of the helpers"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion, not a library crash"
)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{
    Action, Case, CaseError, Deadline, DeadlineKind, Effect, EmbargoTerms, Input, Message, Origin,
    Outgoing, Payload, Recipients, ReportSummary, Rule, Warning,
};
use mpcvd::id::CaseId;
use mpcvd::message::MessageType;
use mpcvd::participant::{NewParticipant, ParticipantId};
use mpcvd::policy::Policy;
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};

pub(crate) const REPORTER: &[Role] = &[Role::Finder, Role::Reporter];

pub(crate) const VENDOR: &[Role] = &[Role::Vendor];

pub(crate) const COORDINATOR: &[Role] = &[Role::Coordinator];

pub(crate) const DEPLOYER: &[Role] = &[Role::Deployer];

/// Midnight UTC on day `day` of 2026.
pub(crate) fn t(day: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::days(day)
}

pub(crate) fn id(s: &str) -> ParticipantId {
    ParticipantId::new(s).unwrap()
}

pub(crate) fn ids(list: &[&str]) -> Vec<ParticipantId> {
    list.iter().map(|s| id(s)).collect()
}

pub(crate) fn act(actor: &str, action: Action) -> Input {
    Input::Act {
        actor: id(actor),
        action,
    }
}

/// `actor` proposes an embargo from day `start` to day `end` (`Action::ProposeEmbargo`).
pub(crate) fn propose(actor: &str, start: i64, end: i64) -> Input {
    act(
        actor,
        Action::ProposeEmbargo {
            terms: terms(start, end),
        },
    )
}

pub(crate) fn msg(kind: MessageType, from: &str, to: &[&str]) -> Input {
    msg_with(kind, from, to, Payload::None)
}

pub(crate) fn msg_with(kind: MessageType, from: &str, to: &[&str], payload: Payload) -> Input {
    Input::Message {
        message: Message {
            kind,
            from: id(from),
            to: ids(to),
            payload,
        },
    }
}

/// A reply a recipient of an `Input::Message` owes its sender.
pub(crate) fn reply(kind: MessageType, from: &str, to: &str, answering: MessageType) -> Effect {
    Effect::Send(Outgoing {
        kind,
        from: Origin::Participant(id(from)),
        to: Recipients::one(id(to)),
        payload: Payload::None,
        in_reply_to: Some(answering),
    })
}

pub(crate) fn warning(rule: Rule, who: &str, detail: &str) -> Effect {
    Effect::Warning(Warning {
        rule,
        participant: Some(id(who)),
        detail: detail.to_owned(),
    })
}

pub(crate) fn deadline(at: DateTime<Utc>) -> Effect {
    Effect::Deadline(Deadline {
        at,
        kind: DeadlineKind::EmbargoEnds,
    })
}

pub(crate) fn report() -> ReportSummary {
    ReportSummary::new("overflow in parser", "crafted header")
}

pub(crate) fn terms(start: i64, end: i64) -> EmbargoTerms {
    EmbargoTerms {
        start: t(start),
        end: t(end),
    }
}

/// A case opened at day 0 under `policy` with these participants: the first opens
/// the case (and owns it), and adds the others.
pub(crate) fn case_with_policy(policy: Policy, parts: &[(&str, &[Role])]) -> Case {
    let mut case = Case::new(CaseId::new("VU#100").unwrap(), policy, t(0));
    for (who, roles) in parts {
        let participant = NewParticipant::new(id(who), who, RoleSet::of(roles));
        let by = case.owner().cloned();
        case.handle(
            Input::AddParticipant {
                participant: Box::new(participant),
                by,
            },
            t(0),
        )
        .unwrap();
    }
    case
}

/// The case's owner, who holds every power under the presets.
pub(crate) fn owner(case: &Case) -> Option<ParticipantId> {
    case.owner().cloned()
}

pub(crate) fn case_with(parts: &[(&str, &[Role])]) -> Case {
    case_with_policy(Policy::default(), parts)
}

/// Handles an input that must be accepted; returns its effects.
pub(crate) fn ok(case: &mut Case, input: Input, at: DateTime<Utc>) -> Vec<Effect> {
    match case.handle(input.clone(), at) {
        Ok(effects) => effects.to_vec(),
        Err(e) => panic!("{input:?} at {at} refused: {e}"),
    }
}

/// Handles an input that must be refused; checks the case is unchanged, by value and
/// byte for byte as JSON.
pub(crate) fn refused(case: &mut Case, input: Input, at: DateTime<Utc>) -> CaseError {
    let before = case.clone();
    let json = serde_json::to_string(&*case).unwrap();
    let err = match case.handle(input.clone(), at) {
        Ok(effects) => panic!("{input:?} at {at} accepted: {effects:?}"),
        Err(e) => e,
    };
    assert_eq!(*case, before);
    assert_eq!(serde_json::to_string(&*case).unwrap(), json);
    err
}

/// Drives `who` (in `Start`) to `rm` at day 1: `fay` submits the report, then `who`
/// acts along the RM table (reference §1).
pub(crate) fn reach(case: &mut Case, who: &str, rm: RmState) {
    use Action::{Accept, Close, Defer, Invalidate, Validate};
    let steps: &[Action] = match rm {
        RmState::Start => return,
        RmState::Received => &[],
        RmState::Invalid => &[Invalidate],
        RmState::Valid => &[Validate],
        RmState::Accepted => &[Validate, Accept],
        RmState::Deferred => &[Validate, Defer],
        RmState::Closed => &[Invalidate, Close],
    };
    ok(case, act("fay", Action::submit(id(who), report())), t(1));
    for step in steps {
        ok(case, act(who, step.clone()), t(1));
    }
    assert_eq!(case.participant(&id(who)).unwrap().rm(), rm);
}

/// `who` acknowledges (to `to`) every notice the case has made due to it, so that
/// its view is the case's state: one `EK` per embargo notice and one `CK` per
/// public-facts notice still pending (views, reference §6).
pub(crate) fn settle(case: &mut Case, who: &str, to: &str, at: DateTime<Utc>) {
    for _ in 0..mpcvd::view::MAX_TOLD {
        let view = *case.view_of(&id(who)).unwrap();
        let entries = view.entries();
        let Some(pair) = entries.windows(2).next() else {
            return;
        };
        let ack = if pair[0].em == pair[1].em {
            MessageType::CK
        } else {
            MessageType::EK
        };
        ok(case, msg(ack, who, &[to]), at);
    }
}
