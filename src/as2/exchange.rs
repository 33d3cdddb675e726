//! A recorded AS2 exchange: JSON Lines in wire order, each line an activity or an
//! object with the activity under `body` (as Vultron's recordings are; lines
//! without a body are skipped; a `test` field names the exchange a line belongs
//! to). [`Exchange::from_jsonl`] reads it; [`to_trace`] turns one exchange into a
//! conformance [`Trace`] whose steps point back at their lines.
//!
//! An activity seen twice (leaving an outbox, entering an inbox) counts once, and
//! a case ledger entry whose activity was seen directly adds nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde_json::Value;
use thiserror::Error;

use super::read::{MembershipChange, OwnershipChange, id_of};
use super::{As2Error, Meaning, Reading, Semantics, read, type_of};
use crate::case::{Case, EmbargoTerms, Input, Message, Payload, ReportSummary, Text};
use crate::conformance::{Format, PolicyRef, Step, Trace};
use crate::cs::Vfd;
use crate::id::CaseId;
use crate::message::MessageType;
use crate::participant::{NewParticipant, ParticipantId};
use crate::policy::Policy;
use crate::rm::RmState;
use crate::role::{Role, RoleSet};

/// The compatibility policy: Vultron's implementation choices read as it means
/// them (docs/interop.md): the owner's `Add(EmbargoEvent)` with no proposal is
/// `EP` then `EA` by a peer; a participant status behind the participant's state
/// makes no step, one ahead of it steps through the states in between.
pub const VULTRON_LIVE: &str = "vultron-live";

/// The most lines read.
pub const MAX_LINES: usize = 100_000;

/// Why a recorded exchange cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ExchangeError {
    /// A line is not JSON.
    #[error("line {line}: not JSON: {message}")]
    Json {
        /// The line (1-based).
        line: usize,
        /// Why.
        message: String,
    },
    /// A line's activity cannot be read.
    #[error("line {line}: {source}")]
    Read {
        /// The line (1-based).
        line: usize,
        /// Why.
        source: As2Error,
    },
    /// A line longer than [`MAX_DOCUMENT`](super::MAX_DOCUMENT) bytes.
    #[error(
        "line {line}: {bytes} bytes, longer than {} bytes (as2::MAX_DOCUMENT)",
        super::MAX_DOCUMENT
    )]
    LineTooLarge {
        /// The line (1-based).
        line: usize,
        /// Its length in bytes.
        bytes: usize,
    },
    /// Too many lines.
    #[error("{found} lines exceed the limit of {MAX_LINES}")]
    TooLong {
        /// How many.
        found: usize,
    },
    /// The policy preset does not exist.
    #[error("policy: no preset named `{0}`")]
    UnknownPreset(String),
    /// An actor id is not a valid participant id.
    #[error("actor `{0}` cannot be a participant id")]
    Actor(String),
}

/// One distinct activity of an exchange.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its line (1-based).
    pub line: usize,
    /// mpcvd's reading of it.
    pub reading: Reading,
}

/// One recorded exchange.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Exchange {
    /// Its name (the lines' `test` field), empty when not given.
    pub name: String,
    /// The distinct activities, in wire order.
    pub entries: Vec<Entry>,
    /// Lines repeating an activity already read.
    pub repeated: usize,
}

/// Every document with an id, nested ones included: objects given by id are
/// looked up here.
type Store = HashMap<String, Value>;

/// How deep in a line's JSON [`collect`] looks for objects with an id (deeper ones
/// are not indexed; the line itself is bounded by [`super::MAX_DOCUMENT`]).
const MAX_STORE_DEPTH: u8 = 8;

fn collect(value: &Value, store: &mut Store, depth: u8) {
    if depth > MAX_STORE_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let (Some(id), Some(_)) = (map.get("id").and_then(Value::as_str), type_of(value))
                && !store.contains_key(id)
            {
                store.insert(id.to_owned(), value.clone());
            }
            for item in map.values() {
                collect(item, store, depth.saturating_add(1));
            }
        }
        Value::Array(items) => {
            for item in items {
                collect(item, store, depth.saturating_add(1));
            }
        }
        _ => {}
    }
}

/// What an activity does: its actor, type and object (the same act under two ids).
fn signature(body: &Value) -> String {
    let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or_default();
    let object = body.get("object").and_then(id_of).unwrap_or_default();
    format!("{}\u{1f}{}\u{1f}{object}", text("actor"), text("type"))
}

/// The lines of JSON Lines text, each parsed, with its line number (1-based); blank
/// lines are skipped. The bounds of every JSON Lines reader are here: more than
/// [`MAX_LINES`] lines is [`ExchangeError::TooLong`], a line of more than
/// [`MAX_DOCUMENT`](super::MAX_DOCUMENT) bytes [`ExchangeError::LineTooLarge`]
/// (checked before it is parsed), text that is not JSON [`ExchangeError::Json`].
pub fn json_lines(text: &str) -> impl Iterator<Item = Result<(usize, Value), ExchangeError>> + '_ {
    text.lines().enumerate().filter_map(|(index, line)| {
        let number = index.saturating_add(1);
        if number > MAX_LINES {
            return Some(Err(ExchangeError::TooLong { found: number }));
        }
        if line.trim().is_empty() {
            return None;
        }
        if line.len() > super::MAX_DOCUMENT {
            return Some(Err(ExchangeError::LineTooLarge {
                line: number,
                bytes: line.len(),
            }));
        }
        Some(
            serde_json::from_str(line)
                .map(|value| (number, value))
                .map_err(|e| ExchangeError::Json {
                    line: number,
                    message: e.to_string(),
                }),
        )
    })
}

impl Exchange {
    /// Reads JSON Lines: one exchange per distinct `test` field, in order of first
    /// appearance.
    ///
    /// # Errors
    /// [`ExchangeError::Json`] for a line that is not a JSON object,
    /// [`ExchangeError::Read`] for an activity that cannot be read,
    /// [`ExchangeError::TooLong`] beyond [`MAX_LINES`].
    pub fn from_jsonl(text: &str) -> Result<Vec<Self>, ExchangeError> {
        let mut bodies: Vec<(usize, String, Value, bool)> = Vec::new();
        for line in json_lines(text) {
            let (number, value) = line?;
            if !value.is_object() {
                return Err(ExchangeError::Json {
                    line: number,
                    message: "not a JSON object".to_owned(),
                });
            }
            let test = value
                .get("test")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let recipient = value
                .get("recipient")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let body = if type_of(&value).is_some() {
                Some(value)
            } else {
                value.get("body").filter(|b| b.is_object()).cloned()
            };
            if let Some(body) = body {
                // Vultron's demos drive an actor by handing its own inbox an
                // activity it is the actor of; it then sends a copy, with a new
                // id, to its peers.
                let own = recipient.is_some()
                    && recipient.as_deref() == body.get("actor").and_then(Value::as_str);
                bodies.push((number, test, body, own));
            }
        }
        let mut store = Store::new();
        for (_, _, body, _) in &bodies {
            collect(body, &mut store, 0);
        }
        let mut exchanges: Vec<Self> = Vec::new();
        let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
        let mut driven: BTreeSet<(String, String)> = BTreeSet::new();
        for (line, test, body, own) in bodies {
            let index = match exchanges.iter().position(|e| e.name == test) {
                Some(i) => i,
                None => {
                    exchanges.push(Self {
                        name: test.clone(),
                        ..Self::default()
                    });
                    exchanges.len().saturating_sub(1)
                }
            };
            let Some(exchange) = exchanges.get_mut(index) else {
                continue;
            };
            if let Some(id) = body.get("id").and_then(Value::as_str)
                && !seen.insert((test.clone(), id.to_owned()))
            {
                exchange.repeated = exchange.repeated.saturating_add(1);
                continue;
            }
            let signature = signature(&body);
            if own {
                driven.insert((test.clone(), signature));
            } else if driven.contains(&(test.clone(), signature)) {
                exchange.repeated = exchange.repeated.saturating_add(1);
                continue;
            }
            let reading =
                read(&body, &store).map_err(|source| ExchangeError::Read { line, source })?;
            exchange.entries.push(Entry { line, reading });
        }
        Ok(exchanges)
    }
}

/// How a recorded exchange is turned into a trace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// The policy preset (default `vultron`).
    pub policy: Option<String>,
    /// Roles by actor id, overriding what the activities say.
    pub roles: BTreeMap<String, RoleSet>,
}

/// An exchange as a conformance trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// The trace.
    pub trace: Trace,
    /// The line of each step (1-based).
    pub lines: Vec<usize>,
    /// Activities that made no step, with their line and why.
    pub unstepped: Vec<(usize, Semantics, &'static str)>,
    /// Ledger entries whose activity was also seen directly.
    pub ledger_repeats: usize,
}

/// The readings of an exchange with ledger entries unwrapped (each activity once).
fn unwrapped(exchange: &Exchange) -> (Vec<(usize, Reading)>, usize) {
    let direct: BTreeSet<&str> = exchange
        .entries
        .iter()
        .filter_map(|e| e.reading.id.as_deref())
        .collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    let mut repeats = 0_usize;
    for entry in &exchange.entries {
        match &entry.reading.meaning {
            Meaning::Ledger { entry: inner, .. } => {
                let id = inner.id.clone().unwrap_or_default();
                if direct.contains(id.as_str()) || !seen.insert(id) {
                    repeats = repeats.saturating_add(1);
                } else {
                    out.push((entry.line, (**inner).clone()));
                }
            }
            _ => out.push((entry.line, entry.reading.clone())),
        }
    }
    (out, repeats)
}

/// The case actors: who announces ledger entries, and the services case proposals
/// are sent to. They stand for the case itself, not for a participant.
fn case_actors(exchange: &Exchange) -> BTreeSet<String> {
    exchange
        .entries
        .iter()
        .filter(|e| e.reading.semantics == Semantics::AnnounceCaseLedgerEntry)
        .filter_map(|e| e.reading.actor.clone())
        .collect()
}

fn pid(actor: &str) -> Result<ParticipantId, ExchangeError> {
    ParticipantId::new(actor).map_err(|_| ExchangeError::Actor(actor.chars().take(64).collect()))
}

fn published(reading: &Reading) -> Option<DateTime<Utc>> {
    let text = reading.published.as_deref()?;
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Turns an exchange into a trace under the named policy: who takes part and
/// with which roles (from `CaseParticipant` records, participant statuses and
/// invitations, else `options.roles`; a report's sender is a finder and reporter,
/// its first recipient a vendor), and one step per activity that is an engine
/// input. The case owner (the `case_owner` role, else the first report's
/// recipient) opens the case; participants who take part before any invitation
/// start with it, invitees join when they accept.
///
/// # Errors
/// [`ExchangeError::UnknownPreset`], [`ExchangeError::Actor`].
pub fn to_trace(exchange: &Exchange, options: &Options) -> Result<Converted, ExchangeError> {
    let policy_name = options
        .policy
        .clone()
        .unwrap_or_else(|| "vultron".to_owned());
    let policy = Policy::preset(&policy_name)
        .ok_or_else(|| ExchangeError::UnknownPreset(policy_name.clone()))?;
    let hubs = case_actors(exchange);
    let (readings, ledger_repeats) = unwrapped(exchange);
    let mut discovered = discover(&readings, &hubs, options);
    discovered.live = policy_name == VULTRON_LIVE;
    let start = readings
        .iter()
        .find_map(|(_, r)| published(r))
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let case_id = readings
        .iter()
        .find_map(|(_, r)| r.case.clone())
        .unwrap_or_else(|| "as2-exchange".to_owned());
    let case_id = CaseId::new(&case_id).map_err(|_| ExchangeError::Actor(case_id.clone()))?;
    let mut participants = Vec::new();
    for actor in &discovered.initial {
        participants.push(new_participant(actor, &discovered.roles)?);
    }
    // A shadow case: which embargo form is which message depends on its state.
    let mut shadow = Case::new(case_id.clone(), policy, start);
    for p in &participants {
        let _ = shadow.handle(
            Input::AddParticipant {
                participant: Box::new(p.clone()),
                by: shadow.owner().cloned(),
            },
            start,
        );
    }
    let mut members: BTreeSet<String> = discovered.initial.iter().cloned().collect();
    let mut steps = Vec::new();
    let mut lines = Vec::new();
    let mut unstepped = Vec::new();
    let mut last = start;
    let owner = discovered.initial.first().cloned();
    for (line, reading) in &readings {
        let at = published(reading).map_or(last, |t| t.max(last));
        last = at;
        let inputs = match inputs(
            reading,
            &shadow,
            &members,
            &hubs,
            owner.as_deref(),
            &discovered,
            at,
        )? {
            Ok(inputs) => inputs,
            Err(why) => {
                unstepped.push((*line, reading.semantics, why));
                continue;
            }
        };
        for input in inputs {
            if let Input::AddParticipant { participant, .. } = &input {
                members.insert(participant.id.as_str().to_owned());
            }
            let _ = shadow.handle(input.clone(), at);
            steps.push(Step::new(at, input));
            lines.push(*line);
        }
    }
    Ok(Converted {
        trace: Trace {
            format: Format::One,
            description: format!("recorded AS2 exchange {}", exchange.name),
            expect: None,
            case: case_id,
            start,
            policy: PolicyRef::Preset(policy_name),
            participants,
            steps,
        },
        lines,
        unstepped,
        ledger_repeats,
    })
}

/// Who takes part, with which roles, and who starts with the case.
#[derive(Debug, Default)]
struct Discovered {
    roles: BTreeMap<String, RoleSet>,
    /// The owner first, then who takes part before being invited or added.
    initial: Vec<String>,
    /// Whether Vultron's implementation choices are read as it means them
    /// (the `vultron-live` policy; see [`to_trace`]).
    live: bool,
}

fn discover(
    readings: &[(usize, Reading)],
    hubs: &BTreeSet<String>,
    options: &Options,
) -> Discovered {
    let mut roles: BTreeMap<String, RoleSet> = BTreeMap::new();
    let mut owner: Option<String> = None;
    let mut first_recipient: Option<String> = None;
    let mut order: Vec<String> = Vec::new();
    let mut joins_later: BTreeSet<String> = BTreeSet::new();
    let add_roles = |who: &str, list: &[Role], roles: &mut BTreeMap<String, RoleSet>| {
        if list.is_empty() {
            return;
        }
        let set = roles.entry(who.to_owned()).or_default();
        for r in list {
            *set = set.with(*r);
        }
    };
    for (_, reading) in readings {
        let actor = reading.actor.clone().filter(|a| !hubs.contains(a));
        match &reading.meaning {
            Meaning::ParticipantStatus {
                roles: list,
                owner: is_owner,
                of,
                ..
            } => {
                if let Some(a) = of.clone().filter(|a| !hubs.contains(a)).or(actor.clone()) {
                    let a = &a;
                    add_roles(a, list, &mut roles);
                    if *is_owner && owner.is_none() {
                        owner = Some(a.clone());
                    }
                }
            }
            Meaning::Membership {
                change,
                member: Some(member),
                roles: list,
            } if !hubs.contains(member) => {
                add_roles(member, list, &mut roles);
                if matches!(
                    change,
                    MembershipChange::Invited
                        | MembershipChange::InvitationAccepted
                        | MembershipChange::ParticipantAdded
                        | MembershipChange::ParticipantOfferAccepted
                        | MembershipChange::SuggestionAccepted
                ) && !order.contains(member)
                {
                    joins_later.insert(member.clone());
                }
            }
            _ => {}
        }
        if let Some(message) = reading.meaning.message(crate::em::EmState::None) {
            let mut involved: Vec<String> = actor.iter().cloned().collect();
            involved.extend(reading.to.iter().filter(|t| !hubs.contains(*t)).cloned());
            if message == MessageType::RS {
                if let Some(a) = &actor {
                    roles
                        .entry(a.clone())
                        .or_insert_with(|| RoleSet::of(&[Role::Finder, Role::Reporter]));
                }
                if let Some(to) = reading.to.iter().find(|t| !hubs.contains(*t)) {
                    roles
                        .entry(to.clone())
                        .or_insert_with(|| RoleSet::of(&[Role::Vendor]));
                    first_recipient.get_or_insert_with(|| to.clone());
                }
            }
            for who in involved {
                if !order.contains(&who) && !joins_later.contains(&who) {
                    order.push(who);
                }
            }
        }
    }
    for (actor, set) in &options.roles {
        roles.insert(actor.clone(), *set);
    }
    let owner = owner.or(first_recipient).or_else(|| order.first().cloned());
    let mut initial: Vec<String> = owner.iter().cloned().collect();
    initial.extend(order.into_iter().filter(|a| Some(a) != owner.as_ref()));
    Discovered {
        roles,
        initial,
        live: false,
    }
}

fn new_participant(
    actor: &str,
    roles: &BTreeMap<String, RoleSet>,
) -> Result<NewParticipant, ExchangeError> {
    let set = roles
        .get(actor)
        .copied()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| RoleSet::of(&[Role::Other]));
    Ok(NewParticipant::new(pid(actor)?, actor, set))
}

type Stepped = Result<Vec<Input>, &'static str>;

/// The engine inputs one reading makes, or why it makes none.
#[allow(clippy::too_many_arguments)]
fn inputs(
    reading: &Reading,
    shadow: &Case,
    members: &BTreeSet<String>,
    hubs: &BTreeSet<String>,
    owner: Option<&str>,
    discovered: &Discovered,
    at: DateTime<Utc>,
) -> Result<Stepped, ExchangeError> {
    let actor = reading.actor.as_deref();
    let from_hub = actor.is_some_and(|a| hubs.contains(a));
    // What the case actor does, it does for the case owner.
    let by = if from_hub { owner } else { actor };
    let Some(by) = by else {
        return Ok(Err("no actor"));
    };
    let member = |who: &str| members.contains(who);
    let message = |kind: MessageType, payload: Payload| -> Result<Stepped, ExchangeError> {
        if !member(by) {
            return Ok(Err("sent by an actor outside the case"));
        }
        let mut to: Vec<ParticipantId> = Vec::new();
        for t in &reading.to {
            if member(t) && t != by {
                to.push(pid(t)?);
            }
        }
        if to.is_empty() {
            for m in members {
                if m != by {
                    to.push(pid(m)?);
                }
            }
        }
        if to.is_empty() {
            return Ok(Err("no recipient in the case"));
        }
        Ok(Ok(vec![Input::Message {
            message: Message {
                kind,
                from: pid(by)?,
                to,
                payload,
            },
        }]))
    };
    let em = shadow.em();
    match &reading.meaning {
        Meaning::Message { message: kind } => {
            if discovered.live {
                if *kind == MessageType::ET && em == crate::em::EmState::None {
                    return Ok(Err(
                        "tears down the owner's default embargo, never proposed on the wire (vultron-live)",
                    ));
                }
                let closed = member(by)
                    && shadow
                        .participant(&pid(by)?)
                        .is_some_and(|p| p.status.rm == RmState::Closed);
                if *kind == MessageType::RC && closed {
                    return Ok(Err(
                        "the second step of closing (report, then case) (vultron-live)",
                    ));
                }
            }
            let payload = match kind {
                MessageType::RS => Payload::Report(Box::new(ReportSummary::new("report", ""))),
                _ => Payload::None,
            };
            message(*kind, payload)
        }
        Meaning::Embargo { form, end } => {
            let kind = super::embargo_message(*form, em);
            let payload = if matches!(kind, MessageType::EP | MessageType::EV) {
                match end
                    .as_deref()
                    .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
                {
                    Some(end) => Payload::Embargo(EmbargoTerms {
                        start: at,
                        end: end.with_timezone(&Utc),
                    }),
                    None => return Ok(Err("an embargo proposal without an end")),
                }
            } else {
                Payload::None
            };
            message(kind, payload)
        }
        Meaning::EmbargoActivated { end } => {
            if !discovered.live {
                return Ok(Err(
                    "the case owner activates an embargo with no proposal on the wire (docs/interop.md)",
                ));
            }
            if em.is_in_force() || em.is_negotiating() {
                return Ok(Err("the owner records the embargo already agreed"));
            }
            // vultron-live: the owner's default embargo is a proposal its
            // peers accept at once (EP then EA).
            let Some(end) = end
                .as_deref()
                .and_then(|e| DateTime::parse_from_rfc3339(e).ok())
            else {
                return Ok(Err("an embargo activated without an end"));
            };
            let terms = Payload::Embargo(EmbargoTerms {
                start: at,
                end: end.with_timezone(&Utc),
            });
            let mut steps = match message(MessageType::EP, terms)? {
                Ok(steps) => steps,
                Err(why) => return Ok(Err(why)),
            };
            if let Some(peer) = members.iter().find(|m| m.as_str() != by) {
                steps.push(Input::Message {
                    message: Message {
                        kind: MessageType::EA,
                        from: pid(peer)?,
                        to: vec![pid(by)?],
                        payload: Payload::None,
                    },
                });
            }
            Ok(Ok(steps))
        }
        Meaning::ParticipantStatus { rm, vfd, of, .. } => {
            // A status is about the actor it is attributed to.
            let subject = of.as_deref().filter(|a| !hubs.contains(*a)).unwrap_or(by);
            if !member(subject) {
                return Ok(Err("the status of an actor outside the case"));
            }
            let participant = pid(subject)?;
            let current = shadow
                .participant(&participant)
                .map(|p| (p.status.rm, p.status.vfd));
            let rm = rm.filter(|r| current.is_none_or(|(c, _)| c != *r));
            let vfd = vfd.filter(|v| current.is_none_or(|(_, c)| c != *v));
            if !discovered.live {
                if rm.is_none() && vfd.is_none() {
                    return Ok(Err("a status that changes nothing"));
                }
                return Ok(Ok(vec![Input::Status {
                    participant,
                    rm,
                    vfd,
                }]));
            }
            // vultron-live: a status behind the participant's state is a stale
            // record; one ahead of it skips the states in between.
            let (now_rm, now_vfd) = current.unwrap_or((RmState::Start, Vfd::Unaware));
            let vfd = vfd.filter(|v| *v > now_vfd);
            // From START the participant cannot step by itself (it receives the
            // report): the status stays one step, judged as it is.
            let path = match rm {
                Some(r) if now_rm == RmState::Start => vec![r],
                Some(r) => rm_path(now_rm, r),
                None => Vec::new(),
            };
            if path.is_empty() && vfd.is_none() {
                return Ok(Err(
                    "a status that changes nothing or lags behind (vultron-live)",
                ));
            }
            let mut steps: Vec<Input> = path
                .iter()
                .map(|r| Input::Status {
                    participant: participant.clone(),
                    rm: Some(*r),
                    vfd: None,
                })
                .collect();
            match steps.last_mut() {
                Some(Input::Status { vfd: last, .. }) => *last = vfd,
                _ => steps.push(Input::Status {
                    participant,
                    rm: None,
                    vfd,
                }),
            }
            Ok(Ok(steps))
        }
        Meaning::CaseStatus { pxa: Some(pxa), .. } if *pxa != shadow.pxa() => {
            match reading.meaning.message(em) {
                Some(kind) => message(kind, Payload::None),
                None => Ok(Err("a case status with no new public fact")),
            }
        }
        Meaning::CaseStatus { .. } => Ok(Err("a case status that changes no public fact")),
        Meaning::Note { .. } => match reading.meaning.message(em) {
            Some(kind) => message(kind, Payload::Text { text: Text::new() }),
            None => Ok(Err("a note removed")),
        },
        Meaning::Membership {
            change,
            member: Some(who),
            ..
        } => match change {
            MembershipChange::InvitationAccepted
            | MembershipChange::ParticipantAdded
            | MembershipChange::ParticipantOfferAccepted
            | MembershipChange::SuggestionAccepted
                if !member(who) && !hubs.contains(who) =>
            {
                let adder = match change {
                    // The invitee accepts; the inviter (the owner) adds it.
                    MembershipChange::InvitationAccepted => owner.unwrap_or(by),
                    _ => by,
                };
                Ok(Ok(vec![Input::AddParticipant {
                    participant: Box::new(new_participant(who, &discovered.roles)?),
                    by: Some(pid(adder)?),
                }]))
            }
            MembershipChange::ParticipantRemoved if member(who) => {
                Ok(Ok(vec![Input::RemoveParticipant {
                    participant: pid(who)?,
                    by: Some(pid(by)?),
                }]))
            }
            _ => Ok(Err(
                "membership bookkeeping with no change to who is in the case",
            )),
        },
        Meaning::Membership { .. } => Ok(Err("membership without a member")),
        Meaning::Ownership { change } => {
            let input = match change {
                OwnershipChange::Offered { to: Some(to) } if member(to) => Input::OfferOwnership {
                    to: pid(to)?,
                    by: pid(by)?,
                },
                OwnershipChange::Offered { .. } => {
                    return Ok(Err("an ownership offer to an actor outside the case"));
                }
                OwnershipChange::Accepted | OwnershipChange::Rejected if !member(by) => {
                    return Ok(Err(
                        "an answer to an ownership offer made to an actor outside the case",
                    ));
                }
                OwnershipChange::Accepted => Input::AcceptOwnership { by: pid(by)? },
                OwnershipChange::Rejected => Input::RejectOwnership { by: pid(by)? },
            };
            Ok(Ok(vec![input]))
        }
        Meaning::Case { .. } => Ok(Err("a case record (proposal, creation, report attached)")),
        Meaning::Ledger { .. } => Ok(Err("a ledger entry inside a ledger entry")),
        Meaning::Outside { reason, .. } => Ok(Err(reason)),
    }
}

/// The report management states from `from` to `to`, one action at a time by
/// the RM table (empty when `to` is `from` or cannot be reached).
fn rm_path(from: RmState, to: RmState) -> Vec<RmState> {
    let mut previous: BTreeMap<RmState, RmState> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(state) = queue.pop_front() {
        if state == to {
            break;
        }
        for action in state.allowed_actions().iter() {
            if let Ok(next) = state.apply(action)
                && next != from
                && !previous.contains_key(&next)
            {
                previous.insert(next, state);
                queue.push_back(next);
            }
        }
    }
    let mut path = Vec::new();
    let mut at = to;
    while let Some(before) = previous.get(&at) {
        path.push(at);
        if *before == from {
            path.reverse();
            return path;
        }
        at = *before;
    }
    Vec::new()
}

/// Reads the activity's document id, for callers matching records.
#[must_use]
pub fn activity_id(doc: &Value) -> Option<&str> {
    id_of(doc)
}
