//! Model-based property test of the case engine: random sequences of valid and
//! invalid inputs (participants of mixed roles, interleaved actions and peer
//! messages, time jumps forwards and backwards, participants added and removed,
//! policy changes and ownership offers by the owner, other members, strangers or
//! no one named), with the case's invariants, a small reference model of what may
//! change and of who may use each power over the case, and replay checked after
//! every step, and a JSON round trip at the end.
//!
//! The number of sequences is `MPCVD_PROPTEST_CASES` (default 256, each of up to 40
//! steps); CI may raise it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion, not a library crash"
)]

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use mpcvd::case::{
    Action, ActionKind, Case, CaseError, Effect, EmbargoTerms, Input, Message, Payload,
    ReportSummary, Rule,
};
use mpcvd::cs::CaseState;
use mpcvd::cs::Vfd;
use mpcvd::em::EmState;
use mpcvd::id::CaseId;
use mpcvd::message::MessageType;
use mpcvd::participant::{NewParticipant, ParticipantId, ParticipantStatus};
use mpcvd::pec::PecState;
use mpcvd::policy::{Authority, Holder, Policy, Power, Requirement};
use mpcvd::protocol::CsScope;
use mpcvd::protocol::ProtocolState;
use mpcvd::rm::RmState;
use mpcvd::role::{Role, RoleSet};
use mpcvd::view::Told;
use proptest::prelude::*;
use proptest::test_runner::Config;
use strum::IntoEnumIterator;

/// Who may join: ids and roles of mixed kinds (reference §6 start states differ).
const POOL: [(&str, &[Role]); 9] = [
    ("fay", &[Role::Finder, Role::Reporter]),
    ("cert", &[Role::Coordinator]),
    ("acme", &[Role::Vendor]),
    ("bolt", &[Role::Vendor]),
    ("dep", &[Role::Deployer]),
    ("obs", &[Role::Other]),
    ("vd", &[Role::Vendor, Role::Deployer]),
    ("fv", &[Role::Finder, Role::Vendor]),
    ("rc", &[Role::Reporter, Role::Coordinator]),
];

/// An id never added to a case.
const STRANGER: &str = "zed";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

fn id(s: &str) -> ParticipantId {
    ParticipantId::new(s).unwrap()
}

/// Free data an interpreted step may need.
#[derive(Debug, Clone)]
struct Data {
    /// Embargo start, in days from now (may be in the past).
    start: i64,
    /// Embargo length in days (may be zero or negative: bad terms).
    length: i64,
    /// A second participant (recipient, submit target), by pick.
    other: usize,
    /// Extra recipients, by pick (may repeat or name the sender).
    more: Vec<usize>,
    /// Which payload to attach to a random message (0: the fitting one).
    payload: u8,
}

/// One step of a sequence. Picks are interpreted against the case at that moment,
/// so that half the steps can be drawn from what the case allows.
#[derive(Debug, Clone)]
enum Step {
    /// A member takes one of its allowed actions.
    Allowed {
        actor: usize,
        pick: usize,
        data: Data,
    },
    /// A member sends the message one of its allowed actions announces.
    AllowedMessage {
        actor: usize,
        pick: usize,
        data: Data,
    },
    /// Anyone (members, removed, a stranger) tries any action.
    AnyAction {
        actor: usize,
        kind: usize,
        data: Data,
    },
    /// Anyone sends any of the 28 message types to anyone.
    AnyMessage {
        from: usize,
        kind: usize,
        data: Data,
    },
    /// Someone from the pool joins (maybe again), added by the author picked.
    Add { who: usize, by: usize },
    /// Someone leaves (maybe again, maybe a stranger), removed by the author picked.
    Remove { who: usize, by: usize },
    /// The author picked moves the case to the default policy, or to the default
    /// with the coordinator presets' authority.
    ChangePolicy { by: usize, coordinated: bool },
    /// The author picked offers the ownership to anyone.
    Offer { by: usize, to: usize },
    /// Anyone accepts or rejects an ownership offer.
    Answer { by: usize, accept: bool },
    /// Only time passes.
    Tick,
}

fn data() -> impl Strategy<Value = Data> {
    (
        -5i64..5,
        prop_oneof![9 => 1i64..60, 1 => -3i64..1],
        0usize..16,
        prop::collection::vec(0usize..16, 0..3),
        prop_oneof![8 => Just(0u8), 2 => 1u8..4],
    )
        .prop_map(|(start, length, other, more, payload)| Data {
            start,
            length,
            other,
            more,
            payload,
        })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        12 => (any::<usize>(), any::<usize>(), data())
            .prop_map(|(actor, pick, data)| Step::Allowed { actor, pick, data }),
        8 => (any::<usize>(), any::<usize>(), data())
            .prop_map(|(actor, pick, data)| Step::AllowedMessage { actor, pick, data }),
        3 => (any::<usize>(), any::<usize>(), data())
            .prop_map(|(actor, kind, data)| Step::AnyAction { actor, kind, data }),
        5 => (any::<usize>(), any::<usize>(), data())
            .prop_map(|(from, kind, data)| Step::AnyMessage { from, kind, data }),
        3 => (0..POOL.len(), any::<usize>()).prop_map(|(who, by)| Step::Add { who, by }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(who, by)| Step::Remove { who, by }),
        1 => (any::<usize>(), any::<bool>())
            .prop_map(|(by, coordinated)| Step::ChangePolicy { by, coordinated }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(by, to)| Step::Offer { by, to }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(by, accept)| Step::Answer { by, accept }),
        2 => Just(Step::Tick),
    ]
}

/// Hours to move the clock before a step: mostly forwards, sometimes far enough for
/// an embargo to expire, sometimes backwards (refused).
fn time_jump() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => Just(0i64),
        10 => 1i64..96,
        2 => 24 * 20..24 * 90i64,
        1 => -72i64..0,
    ]
}

#[derive(Debug, Clone)]
struct Scenario {
    should: bool,
    initial: Vec<usize>,
    steps: Vec<(i64, Step)>,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        any::<bool>(),
        prop::collection::vec(1..POOL.len(), 1..4),
        prop::collection::vec((time_jump(), step()), 1..40),
    )
        .prop_map(|(should, initial, steps)| Scenario {
            should,
            initial,
            steps,
        })
}

// ----- interpreting steps ----------------------------------------------------------

/// The id at `pick` among all participants, or a stranger one slot past the end.
fn anyone(case: &Case, pick: usize) -> ParticipantId {
    let all = case.participants();
    all.get(pick % (all.len() + 1))
        .map_or_else(|| id(STRANGER), |p| p.id().clone())
}

/// The author an input names: mostly the owner, else anyone (a stranger
/// included) or no one.
fn author(case: &Case, pick: usize) -> Option<ParticipantId> {
    match pick % 8 {
        0..=3 => case.owner().cloned(),
        4 => None,
        _ => Some(anyone(case, pick / 8)),
    }
}

fn members(case: &Case) -> Vec<ParticipantId> {
    case.participants()
        .iter()
        .filter(|p| p.is_member())
        .map(|p| p.id().clone())
        .collect()
}

fn terms(case: &Case, data: &Data) -> EmbargoTerms {
    let start = case.now() + Duration::days(data.start);
    EmbargoTerms {
        start,
        end: start + Duration::days(data.length),
    }
}

fn text(data: &Data) -> String {
    "q".repeat(data.other)
}

/// A concrete action of `kind`, with data from `data`.
fn action(case: &Case, actor: &ParticipantId, kind: ActionKind, data: &Data) -> Action {
    let others: Vec<ParticipantId> = members(case).into_iter().filter(|m| m != actor).collect();
    let target = others
        .get(data.other % others.len().max(1))
        .cloned()
        .unwrap_or_else(|| anyone(case, data.other));
    match kind {
        ActionKind::Validate => Action::Validate,
        ActionKind::Invalidate => Action::Invalidate,
        ActionKind::Accept => Action::Accept,
        ActionKind::Defer => Action::Defer,
        ActionKind::Close => Action::Close,
        ActionKind::CloseDespiteEmbargo => Action::CloseDespiteEmbargo { reason: text(data) },
        ActionKind::Submit => Action::submit(target, ReportSummary::new("bug", &text(data))),
        ActionKind::ProposeEmbargo => Action::ProposeEmbargo {
            terms: terms(case, data),
        },
        ActionKind::ReviseEmbargo => Action::ReviseEmbargo {
            terms: terms(case, data),
        },
        ActionKind::AcceptEmbargo => Action::AcceptEmbargo,
        ActionKind::RejectEmbargo => Action::RejectEmbargo,
        ActionKind::TerminateEmbargo => Action::TerminateEmbargo,
        ActionKind::FixReady => Action::FixReady,
        ActionKind::FixDeployed => Action::FixDeployed,
        ActionKind::Publish => Action::Publish,
        ActionKind::PublishEarly => Action::PublishEarly { reason: text(data) },
        ActionKind::ExploitPublished => Action::ExploitPublished,
        ActionKind::AttacksObserved => Action::AttacksObserved,
        // Record keeping (rules, disputes, advisory, closing the case) is not the
        // protocol under test here: ask a question instead.
        _ => Action::Inquire {
            text: text(data).into(),
        },
    }
}

/// The protocol actions (the record-keeping ones are left to other tests).
fn protocol_kinds() -> Vec<ActionKind> {
    ActionKind::iter()
        .filter(|k| {
            !matches!(
                k,
                ActionKind::AgreeToRules
                    | ActionKind::MarkAffected
                    | ActionKind::OpenDispute
                    | ActionKind::ResolveDispute
                    | ActionKind::AgreeToConclusion
                    | ActionKind::UpdateAdvisory
                    | ActionKind::CloseCase
                    | ActionKind::ReopenCase
            )
        })
        .collect()
}

/// How often an allowed action is picked, relative to the others.
fn weight(kind: ActionKind) -> usize {
    match kind {
        ActionKind::Submit
        | ActionKind::ProposeEmbargo
        | ActionKind::AcceptEmbargo
        | ActionKind::Validate
        | ActionKind::Accept
        | ActionKind::FixReady => 8,
        ActionKind::FixDeployed | ActionKind::ReviseEmbargo => 4,
        ActionKind::Invalidate
        | ActionKind::Defer
        | ActionKind::Close
        | ActionKind::RejectEmbargo
        | ActionKind::TerminateEmbargo => 2,
        _ => 1,
    }
}

/// The message a peer sends to announce `action`: the case's own mapping
/// (`Action::announces`); actions on records (and inquiries) become a `GI`.
fn announcing(case: &Case, action: &Action) -> (MessageType, Payload) {
    match action.announces(case.em()) {
        Some(pair) if !matches!(action, Action::Inquire { .. }) => pair,
        _ => (MessageType::GI, Payload::Text { text: "?".into() }),
    }
}

/// The payload a message of `kind` carries; `variant` > 0 picks a possibly wrong one.
fn payload(case: &Case, kind: MessageType, data: &Data) -> Payload {
    use MessageType as M;
    match (data.payload, kind) {
        (0, M::RS) => Payload::Report(Box::new(ReportSummary::new("bug", ""))),
        (0, M::EP | M::EV) => Payload::Embargo(terms(case, data)),
        (0, M::GI | M::GK | M::GE | M::RE | M::EE | M::CE) => Payload::Text {
            text: text(data).into(),
        },
        (0 | 1, _) => Payload::None,
        (2, _) => Payload::Embargo(terms(case, data)),
        _ => Payload::Text {
            text: text(data).into(),
        },
    }
}

fn recipients(case: &Case, from: &ParticipantId, data: &Data) -> Vec<ParticipantId> {
    let others: Vec<ParticipantId> = members(case).into_iter().filter(|m| m != from).collect();
    let first = others
        .get(data.other % others.len().max(1))
        .cloned()
        .unwrap_or_else(|| anyone(case, data.other));
    let mut to = vec![first];
    for &pick in &data.more {
        to.push(anyone(case, pick));
    }
    to
}

/// Turns a step into an input against the case as it is now.
fn input(case: &Case, step: &Step) -> Input {
    match step {
        Step::Allowed { actor, pick, data } | Step::AllowedMessage { actor, pick, data } => {
            let members = members(case);
            let Some(actor) = members.get(actor % members.len().max(1)).cloned() else {
                return Input::Tick;
            };
            // Weighted, so that sequences get far (reports submitted, embargoes
            // agreed, fixes made) before the public learns of the vulnerability.
            let allowed: Vec<ActionKind> = case
                .allowed_actions(&actor)
                .unwrap()
                .into_iter()
                .filter(|k| protocol_kinds().contains(k))
                .flat_map(|k| std::iter::repeat_n(k, weight(k)))
                .collect();
            let Some(&kind) = allowed.get(pick % allowed.len().max(1)) else {
                return Input::Tick;
            };
            let action = action(case, &actor, kind, data);
            if matches!(step, Step::Allowed { .. }) {
                return Input::Act { actor, action };
            }
            let (kind, payload) = announcing(case, &action);
            let to = match &action {
                Action::Submit { to, .. } => vec![to.clone()],
                _ => recipients(case, &actor, data)
                    .into_iter()
                    .filter(|r| r != &actor)
                    .take(1 + data.more.len() / 2)
                    .collect(),
            };
            Input::Message {
                message: Message {
                    kind,
                    from: actor,
                    to,
                    payload,
                },
            }
        }
        Step::AnyAction { actor, kind, data } => {
            let actor = anyone(case, *actor);
            let kinds = protocol_kinds();
            let kind = kinds[kind % kinds.len()];
            let action = action(case, &actor, kind, data);
            Input::Act { actor, action }
        }
        Step::AnyMessage { from, kind, data } => {
            let from = anyone(case, *from);
            let kind = MessageType::all().nth(kind % 28).unwrap();
            let to = recipients(case, &from, data);
            Input::Message {
                message: Message {
                    kind,
                    payload: payload(case, kind, data),
                    from,
                    to,
                },
            }
        }
        Step::Add { who, by } => {
            let (name, roles) = POOL[*who];
            Input::AddParticipant {
                participant: Box::new(NewParticipant::new(id(name), name, RoleSet::of(roles))),
                by: author(case, *by),
            }
        }
        Step::Remove { who, by } => Input::RemoveParticipant {
            participant: anyone(case, *who),
            by: author(case, *by),
        },
        Step::ChangePolicy { by, coordinated } => {
            let mut policy = case.policy().clone();
            policy.authority = if *coordinated {
                Authority::coordinated()
            } else {
                Authority::default()
            };
            Input::ChangePolicy {
                policy: Box::new(policy),
                by: author(case, *by),
            }
        }
        Step::Offer { by, to } => {
            // Mostly the owner, to another member.
            let others: Vec<ParticipantId> = members(case)
                .into_iter()
                .filter(|m| Some(m) != case.owner())
                .collect();
            let to = others
                .get(to % (others.len() + 1))
                .cloned()
                .unwrap_or_else(|| anyone(case, *to));
            let by = match by % 8 {
                0 => anyone(case, by / 8),
                _ => case.owner().cloned().unwrap_or_else(|| anyone(case, *by)),
            };
            Input::OfferOwnership { to, by }
        }
        Step::Answer { by, accept } => {
            // Mostly the offeree.
            let by = match case.ownership_offer() {
                Some(offer) if by % 4 != 0 => offer.to.clone(),
                _ => anyone(case, *by),
            };
            if *accept {
                Input::AcceptOwnership { by }
            } else {
                Input::RejectOwnership { by }
            }
        }
        Step::Tick => Input::Tick,
    }
}

// ----- the reference model: what one accepted step may change ------------------------

/// Report-management edges of reference §1.
fn rm_edge(from: RmState, to: RmState) -> bool {
    use RmState::{Accepted as A, Closed as C, Deferred as D, Invalid as I, Received as R};
    use RmState::{Start as S, Valid as V};
    matches!(
        (from, to),
        (S, R)
            | (R, V)
            | (R, I)
            | (I, V)
            | (I, C)
            | (V, A)
            | (V, D)
            | (A, D)
            | (A, C)
            | (D, A)
            | (D, C)
    )
}

/// Embargo-management moves of reference §2 within one step (a teardown is `P → N`
/// or `A/R → X`; an expiry before the input and a move by the input may combine).
fn em_move(from: EmState, to: EmState) -> bool {
    use EmState::{Active as A, Exited as X, None as N, Proposed as P, Revise as R};
    from == to
        || matches!(
            (from, to),
            (N, P) | (P, N) | (P, A) | (A, R) | (R, A) | (A, X) | (R, X)
        )
}

/// The protocol parts of a closed participant, which must never change again: its
/// report state, fix status, embargo consent and when it was reached. (When it was
/// last heard from may change: a closed participant may still ask, GI "any time";
/// and a tracker may remove it.)
type Frozen = (
    RmState,
    Vfd,
    PecState,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    mpcvd::view::View,
);

fn frozen(status: &ParticipantStatus) -> Frozen {
    (
        status.rm,
        status.vfd,
        status.consent,
        status.reached_at,
        status.fix_ready_at,
        status.view,
    )
}

// ----- the reference model of authority (issue 12 item 4) ---------------------------

/// The power `input` uses, its author and whom it is about, restated from the
/// issue independently of the engine; `None` where no power is used (or the
/// bootstrap of an empty case).
type Use = (Power, Option<ParticipantId>, Option<ParticipantId>);

fn power_used(before: &Case, input: &Input, now: DateTime<Utc>) -> Option<Use> {
    use MessageType as M;
    let opening = before.participants().is_empty();
    let in_force = before.embargo().in_force().is_some_and(|t| now < t.end);
    let by = |id: &ParticipantId| Some(id.clone());
    Some(match input {
        Input::AddParticipant {
            participant,
            by: author,
        } => {
            if opening && author.as_ref().is_none_or(|a| a == &participant.id) {
                return None;
            }
            (Power::AddParticipant, author.clone(), None)
        }
        Input::ChangePolicy { by: None, .. } if opening => return None,
        Input::ChangePolicy { by: author, .. } => (Power::ChangePolicy, author.clone(), None),
        Input::RemoveParticipant {
            participant,
            by: author,
        } => (
            Power::RemoveParticipant,
            author.clone(),
            Some(participant.clone()),
        ),
        Input::Act { actor, action } => match action {
            Action::ProposeEmbargo { .. } | Action::ReviseEmbargo { .. } => {
                (Power::ProposeEmbargo, by(actor), None)
            }
            Action::TerminateEmbargo if in_force => (Power::TerminateEmbargo, by(actor), None),
            Action::CloseCase => (Power::CloseCase, by(actor), None),
            Action::ReopenCase { .. } => (Power::ReopenCase, by(actor), None),
            _ => return None,
        },
        Input::Message { message } => match message.kind {
            M::EP | M::EV => (Power::ProposeEmbargo, by(&message.from), None),
            M::ET if in_force => (Power::TerminateEmbargo, by(&message.from), None),
            _ => return None,
        },
        Input::OfferOwnership { by: author, .. } => (Power::TransferOwnership, by(author), None),
        _ => return None,
    })
}

/// Whether `by` holds `power` in `case`: a member among the policy's holders.
fn model_holds(
    case: &Case,
    by: &ParticipantId,
    power: Power,
    subject: Option<&ParticipantId>,
) -> bool {
    let Some(p) = case.participant(by).filter(|p| p.is_member()) else {
        return false;
    };
    case.policy()
        .authority
        .holders(power)
        .iter()
        .any(|holder| match holder {
            Holder::Owner => case.owner() == Some(by),
            Holder::Coordinators => p.roles().contains(Role::Coordinator),
            Holder::Members => true,
            Holder::Subject => subject == Some(by),
            _ => false,
        })
}

/// An accepted input used only powers its author held; a refusal under an
/// `authority.` rule had a reason the model sees.
fn check_authority(
    before: &Case,
    input: &Input,
    now: DateTime<Utc>,
    verdict: Option<mpcvd::case::Rule>,
) {
    let used = power_used(before, input, now);
    let Some(rule) = verdict else {
        if let Some((power, by, subject)) = &used {
            let by = by
                .as_ref()
                .expect("an accepted input using a power names its author");
            assert!(
                model_holds(before, by, *power, subject.as_ref()),
                "{by} used {power} without holding it: {input:?}"
            );
        }
        match input {
            Input::RemoveParticipant { participant, .. } => {
                assert_ne!(before.owner(), Some(participant), "the owner was removed");
            }
            Input::AcceptOwnership { by } | Input::RejectOwnership { by } => {
                assert_eq!(before.ownership_offer().map(|o| &o.to), Some(by));
            }
            _ => {}
        }
        return;
    };
    if !rule.to_string().starts_with("authority.") {
        return;
    }
    let offer_answer = matches!(
        input,
        Input::AcceptOwnership { .. } | Input::RejectOwnership { .. }
    );
    if offer_answer {
        assert_eq!(rule.to_string(), "authority.ownership-offer");
        return;
    }
    let (power, by, subject) = used.unwrap_or_else(|| panic!("{rule} for {input:?}"));
    match by {
        None => assert_eq!(rule.to_string(), "authority.missing-actor"),
        Some(by) if model_holds(before, &by, power, subject.as_ref()) => {
            // Held, yet refused: removing the owner, or offering to the owner.
            let owner_removed = matches!(input, Input::RemoveParticipant { participant, .. } if before.owner() == Some(participant));
            let offer_to_owner =
                matches!(input, Input::OfferOwnership { to, .. } if before.owner() == Some(to));
            assert!(owner_removed || offer_to_owner, "{rule} for {input:?}");
        }
        Some(_) => assert_eq!(rule, power.rule()),
    }
}

/// Invariants every case satisfies, restated from the reference (independently of
/// `check_invariants`, which is also called).
fn check_state(case: &Case) {
    case.check_invariants().unwrap();
    // An owner exactly when the case has participants; a member; an offer to
    // another member.
    assert_eq!(case.owner().is_some(), !case.participants().is_empty());
    if let Some(owner) = case.owner() {
        assert!(case.participant(owner).unwrap().is_member());
    }
    if let Some(offer) = case.ownership_offer() {
        assert!(case.participant(&offer.to).unwrap().is_member());
        assert_ne!(Some(&offer.to), case.owner());
    }
    let em = case.em();
    let pxa = case.pxa();
    let must = case.policy().attacks_end_embargo == Requirement::Must;
    if em.is_in_force() {
        // Reference §2/§6: an embargo in force ends with P or X (and A under "must").
        assert!(
            !pxa.public_aware() && !pxa.exploit_public(),
            "{em} with {pxa}"
        );
        assert!(
            !(must && pxa.attacks_observed()),
            "{em} with {pxa} under must"
        );
        assert_eq!(
            case.next_deadline().unwrap().at,
            case.embargo().in_force().unwrap().end
        );
        assert!(
            case.now() < case.embargo().in_force().unwrap().end,
            "expired yet in force"
        );
    } else {
        assert_eq!(case.next_deadline(), None);
    }
    // At most one embargo: the case holds one, and its EM state matches its data.
    assert_eq!(em.is_in_force(), case.embargo().in_force().is_some());
    // X never persists without P (reference §3 rule 3).
    assert!(!pxa.exploit_public() || pxa.public_aware());
    for p in case.participants() {
        // A view is a bounded, non-empty list of distinct neighbours, and serialises
        // as such (views, reference §6).
        let view = p.status().view;
        let entries = view.entries().to_vec();
        assert!(!entries.is_empty() && entries.len() <= mpcvd::view::MAX_TOLD);
        assert_eq!(mpcvd::view::View::try_from(entries).unwrap(), view);
        let vfd = p.vfd();
        match p.roles().scope() {
            CsScope::DeployingVendor => {}
            // Reference §6: vendors without deployment capability never reach VFD.
            CsScope::Vendor => assert_ne!(vfd, Vfd::FixDeployed),
            CsScope::Deployer => assert!(matches!(vfd, Vfd::Unaware | Vfd::FixDeployed)),
            CsScope::Observer => assert_eq!(vfd, Vfd::Unaware),
        }
        // A fix only once accepted (vendors create fixes only in A, reference §1).
        if vfd >= Vfd::FixReady {
            assert!(matches!(
                p.rm(),
                RmState::Accepted | RmState::Deferred | RmState::Closed
            ));
        }
        // A vendor reached is aware (RS makes it aware).
        if p.roles().scope().is_vendor() && p.rm() != RmState::Start {
            assert!(vfd >= Vfd::Aware, "{} reached but unaware", p.id());
        }
    }
}

fn check_step(before: &Case, after: &Case, input: &Input, now: DateTime<Utc>) {
    assert_eq!(after.now(), now);
    let (b, a) = (&before.timeline().entries, &after.timeline().entries);
    assert_eq!(a.len(), b.len() + 1);
    assert!(a.iter().take(b.len()).eq(b.iter()));
    let last = a.last().unwrap();
    assert_eq!((&last.input, last.at), (input, now));
    // Public facts only accumulate; EM moves along its table.
    assert_eq!(before.pxa().bits() & !after.pxa().bits(), 0);
    assert!(
        em_move(before.em(), after.em()),
        "{} -> {}",
        before.em(),
        after.em()
    );
    // Participants keep their order; RM moves along an edge, fix status only forward.
    for (p, q) in before.participants().iter().zip(after.participants()) {
        assert_eq!(p.id(), q.id());
        assert!(
            p.rm() == q.rm() || rm_edge(p.rm(), q.rm()),
            "{}: {} -> {}",
            p.id(),
            p.rm(),
            q.rm()
        );
        assert!(p.vfd() <= q.vfd());
    }
    assert!(after.participants().len() <= before.participants().len() + 1);
    // Ownership moves only by opening the case or by accepting an offer.
    if after.owner() != before.owner() {
        match input {
            Input::AddParticipant { participant, .. } => {
                assert_eq!(before.owner(), None);
                assert_eq!(after.owner(), Some(&participant.id));
            }
            Input::AcceptOwnership { by } => {
                assert_eq!(before.ownership_offer().map(|o| &o.to), Some(by));
                assert_eq!(after.owner(), Some(by));
            }
            _ => panic!("{input:?} moved the ownership"),
        }
    }
}

/// The protocol state a participant with `status` holds under the shared `told`.
fn held(status: &ParticipantStatus, told: Told) -> Option<ProtocolState> {
    ProtocolState::new(status.rm, told.em, CaseState::new(status.vfd, told.pxa)).ok()
}

/// Views, checked independently of the engine's judging: a peer statement refused by
/// a send rule is allowed by no view its sender held; one accepted though the case's
/// own state refuses it was allowed by an entry of the sender's view, and nobody was
/// flagged for it; an act leaves its actor's view at the case's state.
fn check_views(before: &Case, after: &Case, input: &Input, outcome: Result<&[Effect], &CaseError>) {
    use mpcvd::message::{MessageKind, send};
    let options = before.policy().protocol_options();
    let hub = Told {
        em: before.em(),
        pxa: before.pxa(),
    };
    match input {
        Input::Message { message } if message.kind.kind() == MessageKind::Statement => {
            let Some(sender) = before.participant(&message.from) else {
                return;
            };
            let allows = |told: Told| {
                held(sender.status(), told)
                    .is_some_and(|s| send(message.kind, s, sender.roles(), options).is_ok())
            };
            let by_view = sender.status().view.entries().iter().any(|&t| allows(t));
            match outcome {
                Err(error) if error.rule().to_string().starts_with("send.") => {
                    // The disclosure path answers after publication; a refusal is a
                    // refusal from every view.
                    assert!(
                        !by_view,
                        "{input:?} refused though a view allows it: {error}"
                    );
                }
                Ok(effects) if !allows(hub) && by_view => {
                    // Crossed, or (after publication) answered by the reference §5
                    // disclosure rule.
                    let crossed = effects.iter().any(|e| {
                        matches!(e, Effect::Warning(w)
                            if matches!(w.rule, Rule::ViewCrossed | Rule::EmbargoAfterDisclosure))
                    });
                    // A late EA/ER joins or declines the embargo in force; a late ET
                    // finds it ended ("ET in X → no change (EK)", reference §5).
                    let late = matches!(message.kind, MessageType::EA | MessageType::ER)
                        || (message.kind == MessageType::ET && before.em() == EmState::Exited);
                    assert!(crossed || late, "{input:?}: {effects:?}");
                }
                _ => {}
            }
        }
        Input::Act { actor, .. } if outcome.is_ok() => {
            let p = after.participant(actor).unwrap();
            if p.is_member() && p.rm() != RmState::Closed {
                let now = Told {
                    em: after.em(),
                    pxa: after.pxa(),
                };
                assert_eq!(p.status().view.entries(), &[now]);
            }
        }
        _ => {}
    }
}

fn run(scenario: &Scenario) {
    let policy = if scenario.should {
        Policy {
            attacks_end_embargo: Requirement::Should,
            ..Policy::default()
        }
    } else {
        Policy::default()
    };
    let mut case = Case::new(CaseId::new("VU#model").unwrap(), policy, t0());
    let mut now = t0();
    let mut joiners = vec![0];
    joiners.extend(&scenario.initial);
    for who in joiners {
        let step = Step::Add { who, by: 0 };
        let _ = case.handle(input(&case, &step), now);
    }
    let mut closed: BTreeMap<ParticipantId, Frozen> = BTreeMap::new();
    let mut ever_in_force = false;
    for (hours, step) in &scenario.steps {
        now += Duration::hours(*hours);
        let input = input(&case, step);
        let before = case.clone();
        let json = serde_json::to_string(&case).unwrap();
        let dry = case.dry_run(&input, now);
        match case.handle(input.clone(), now) {
            Ok(effects) => {
                let effects = effects.to_vec();
                check_views(&before, &case, &input, Ok(&effects));
                assert_eq!(dry, Ok(effects.clone()), "dry run differs");
                assert_eq!(case.timeline().entries.last().unwrap().effects, effects);
                check_step(&before, &case, &input, now);
                check_authority(&before, &input, now, None);
            }
            Err(error) => {
                check_views(&before, &case, &input, Err(&error));
                assert_eq!(dry, Err(error.clone()), "dry run differs");
                assert_eq!(case, before, "refused {input:?} changed the case: {error}");
                assert_eq!(serde_json::to_string(&case).unwrap(), json);
                if now >= before.now() {
                    check_authority(&before, &input, now, Some(error.rule()));
                }
                // Refusals explain themselves.
                assert!(error.to_string().contains("case unchanged"), "{error}");
                if let Some(refusal) = error.refusal() {
                    assert_eq!(
                        refusal.allowed,
                        case.allowed_actions(&refusal.participant).unwrap()
                    );
                }
                // An input time before the case's is refused for that reason first.
                if now < before.now() {
                    assert_eq!(error.rule(), mpcvd::case::Rule::TimeMonotonic);
                }
                // Undo the clock for the next step, as a tracker would.
                now = case.now();
            }
        }
        check_state(&case);
        ever_in_force |= case.em().is_in_force();
        if ever_in_force {
            // Reference §2: once an embargo was in force, N and P never return.
            assert!(!matches!(case.em(), EmState::None | EmState::Proposed));
        }
        for p in case.participants() {
            if let Some(was) = closed.get(p.id()) {
                assert_eq!(&frozen(p.status()), was, "closed {} changed", p.id());
            } else if p.rm() == RmState::Closed {
                closed.insert(p.id().clone(), frozen(p.status()));
            }
        }
        assert_eq!(
            Case::replay(case.timeline()).unwrap(),
            case,
            "replay differs"
        );
        assert_eq!(
            Case::replay_owned(case.timeline().clone()).unwrap(),
            case,
            "replay of the timeline taken differs"
        );
    }
    let json = serde_json::to_string(&case).unwrap();
    let back: Case = serde_json::from_str(&json).unwrap();
    assert_eq!(back, case);
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
}

fn cases() -> u32 {
    std::env::var("MPCVD_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(Config {
        cases: cases(),
        // Shrunk failures are printed; nothing is written into the repository.
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn random_input_sequences_keep_the_case_consistent(scenario in scenario()) {
        run(&scenario);
    }
}

/// The generator reaches the interesting parts of the state space: over a fixed
/// set of sequences, embargoes start, end early and expire, reports close, and
/// both accepted and refused inputs occur in numbers.
#[test]
fn the_generator_covers_the_protocol() {
    // Each part reached at least once per 21 sequences (3 in 64, the rate this test
    // asked before the authority steps joined the generator; twice the sequences
    // keep the rate while the protocol steps share the generator with them).
    const SEQUENCES: usize = 128;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for _ in 0..SEQUENCES {
        let scenario = scenario().new_tree(&mut runner).unwrap().current();
        let mut case = Case::new(CaseId::new("VU#cov").unwrap(), Policy::default(), t0());
        let mut now = t0();
        for who in [0, 1, 2, 3] {
            case.handle(input(&case, &Step::Add { who, by: 0 }), now)
                .unwrap();
        }
        for (hours, step) in &scenario.steps {
            now = (now + Duration::hours(*hours)).max(case.now());
            let input = input(&case, step);
            let result = case.handle(input.clone(), now).map(|_| ());
            let ok = result.is_ok();
            *seen
                .entry(if ok { "accepted" } else { "refused" })
                .or_default() += 1;
            if let Err(e) = result
                && e.rule().to_string().starts_with("authority.")
            {
                *seen.entry("authority refused").or_default() += 1;
            }
            if ok && matches!(input, Input::AcceptOwnership { .. }) {
                *seen.entry("ownership transferred").or_default() += 1;
            }
            if ok && matches!(input, Input::ChangePolicy { .. }) {
                *seen.entry("policy changed").or_default() += 1;
            }
            if ok && matches!(input, Input::Message { .. }) {
                *seen.entry("message accepted").or_default() += 1;
            }
            let stale = case
                .participants()
                .iter()
                .any(|p| p.status().view.entries().len() > 1);
            if stale {
                *seen.entry("notice in flight").or_default() += 1;
            }
            let crossed = ok
                && case.timeline().entries.last().unwrap().effects.iter().any(
                    |e| matches!(e, mpcvd::case::Effect::Warning(w) if w.rule == Rule::ViewCrossed),
                );
            if crossed {
                *seen.entry("message crossed a notice").or_default() += 1;
            }
        }
        for (name, hit) in [
            (
                "embargo in force",
                case.embargo_history().iter().any(|r| r.accepted),
            ),
            ("embargo ended", case.em() == EmState::Exited),
            ("public", case.pxa().public_aware()),
            (
                "closed",
                case.participants()
                    .iter()
                    .any(|p| p.rm() == RmState::Closed),
            ),
            (
                "fix ready",
                case.participants().iter().any(|p| p.vfd() >= Vfd::FixReady),
            ),
        ] {
            if hit {
                *seen.entry(name).or_default() += 1;
            }
        }
    }
    eprintln!("coverage over {SEQUENCES} sequences: {seen:?}");
    for name in [
        "accepted",
        "refused",
        "message accepted",
        "embargo in force",
        "embargo ended",
        "public",
        "closed",
        "fix ready",
        "notice in flight",
        "authority refused",
        "ownership transferred",
        "policy changed",
    ] {
        assert!(
            seen.get(name).copied().unwrap_or(0) >= SEQUENCES / 21,
            "{name}: {seen:?}"
        );
    }
    // Crossings need two notices in flight at once; with authority and ownership
    // steps in the mix they are rarer than the other classes (5 in 128 at the fixed
    // seed), so they have a bound of their own.
    assert!(
        seen.get("message crossed a notice").copied().unwrap_or(0) >= SEQUENCES / 32,
        "message crossed a notice: {seen:?}"
    );
}
