//! The discrete-event loop: sampled behaviour in, `Input`s and `Tick`s for
//! [`Case::handle`], effects followed (replies delivered after the replier's
//! acknowledge delay, deadlines called back at), one [`Outcome`] out.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashSet};

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::dist::SimRng;
use super::model::{BehaviourModel, Resolved, RoleName};
use super::outcome::{EmbargoFate, Happening, Outcome, VendorOutcome, desiderata_of};
use crate::case::{
    Action, Advisory, AffectedProduct, Case, CaseError, Deadline, DeadlineKind, Effect, EmbargoEnd,
    EmbargoTerms, Input, Message, Missing, Origin, Outgoing, ReportSummary,
};
use crate::cs::CsEvent;
use crate::em::EmState;
use crate::id::CaseId;
use crate::participant::{NewParticipant, ParticipantId};
use crate::policy::{AdvisoryField, Policy};
use crate::rm::RmState;
use crate::role::{Role, RoleSet};
use crate::rule::Rule;

/// Seconds in a day.
const DAY: f64 = 86_400.0;

/// One participant as the simulator sees it.
#[derive(Debug, Clone)]
struct Person {
    id: ParticipantId,
    role: RoleName,
    behaviour: Resolved,
    new: NewParticipant,
}

/// A behaviour model prepared for runs under one policy: participants resolved,
/// ids made. [`Simulation::run`] is a pure function of the seed.
#[derive(Debug, Clone)]
pub struct Simulation {
    policy: Policy,
    people: Vec<Person>,
    vendors: Vec<usize>,
    publisher: usize,
    finder: usize,
    coordinator: Option<usize>,
    deployer: Option<usize>,
    supply_chain: bool,
    hazards: [f64; 3],
    horizon: f64,
    embargo_days: u32,
    advisory: Advisory,
    start: DateTime<Utc>,
    /// The case with its participants added (by the owner, at the start).
    base: Case,
    /// The effects of adding them.
    initial: Vec<Effect>,
}

/// Why a simulation could not be prepared (a participant name the case refuses).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("simulation of participant `{participant}`: {reason}")]
pub struct SetupError {
    /// The participant.
    pub participant: String,
    /// What is wrong.
    pub reason: String,
}

/// What happens at a scheduled time.
#[derive(Debug, Clone)]
enum Ev {
    Submit { from: usize, to: usize },
    Reply(Box<Outgoing>),
    Validate(usize),
    Accept(usize),
    AcceptEmbargo(usize),
    FixReady(usize),
    FixDeployed(usize),
    Deadline(DeadlineKind),
    World(CsEvent),
    TryPublish,
}

struct Scheduled {
    at: i64,
    seq: u64,
    ev: Ev,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// The default day the simulated cases open (a Monday, 09:00 UTC).
#[must_use]
pub fn default_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn pid(name: &str) -> Result<ParticipantId, SetupError> {
    ParticipantId::new(name).map_err(|e| SetupError {
        participant: name.to_owned(),
        reason: e.to_string(),
    })
}

/// The per-day hazard `p` as a rate: the time to the event is exponential with
/// mean `1 / -ln(1 - p)` days (`p` each day, memoryless). `None` for `p = 0`.
fn hazard_mean(p: f64) -> Option<f64> {
    if p <= 0.0 {
        return None;
    }
    if p >= 1.0 {
        return Some(f64::MIN_POSITIVE);
    }
    Some(-1.0 / (1.0 - p).ln())
}

impl Simulation {
    /// Prepares `model` for runs under `policy`.
    ///
    /// # Errors
    /// [`SetupError`] if the model fails [`BehaviourModel::check`] (e.g. more than
    /// [`MAX_VENDORS`](super::model::MAX_VENDORS) vendors), or the case refuses a
    /// participant (the policy refuses the shape, e.g. a rule against multi-vendor
    /// cases).
    pub fn new(model: &BehaviourModel, policy: Policy) -> Result<Self, SetupError> {
        // A model built in code has not met `BehaviourModel::from_json`'s checks:
        // its bounds (vendors, horizon) are checked here too.
        model.check().map_err(|e| SetupError {
            participant: "(the model)".to_owned(),
            reason: e.to_string(),
        })?;
        let mut people = Vec::new();
        let mut vendors = Vec::new();
        let (mut finder, mut coordinator, mut deployer) = (0, None, None);
        let upstream = pid("v1")?;
        for (index, (name, role)) in model.names().into_iter().enumerate() {
            let id = pid(&name)?;
            let roles = match role {
                RoleName::Reporter => RoleSet::of(&[Role::Finder, Role::Reporter]),
                RoleName::Coordinator => RoleSet::of(&[Role::Coordinator]),
                // A vendor deploys its own fix (`CD`, the `D` of its history).
                RoleName::Vendor => RoleSet::of(&[Role::Vendor, Role::Deployer]),
                RoleName::Deployer => RoleSet::of(&[Role::Deployer]),
            };
            let mut new = NewParticipant::new(id.clone(), &name, roles);
            match role {
                RoleName::Reporter => finder = index,
                RoleName::Coordinator => coordinator = Some(index),
                RoleName::Deployer => deployer = Some(index),
                RoleName::Vendor => {
                    if model.shape.supply_chain && id != upstream {
                        new.upstream = vec![upstream.clone()];
                    }
                    vendors.push(index);
                }
            }
            people.push(Person {
                id,
                role,
                behaviour: model.resolve(&name, role),
                new,
            });
        }
        let embargo_days = model.embargo_days.unwrap_or_else(|| {
            policy
                .deadline
                .as_ref()
                .and_then(|d| d.max_embargo_days.or(d.base.map(|b| b.days)))
                .unwrap_or(90)
        });
        let advisory = advisory(&policy, &people, &vendors);
        let start = default_start();
        let case_id = CaseId::new("SIM-1").map_err(|e| SetupError {
            participant: "SIM-1".to_owned(),
            reason: e.to_string(),
        })?;
        let mut base = Case::new(case_id, policy.clone(), start);
        let mut initial = Vec::new();
        for p in &people {
            let by = base.owner().cloned();
            let input = Input::AddParticipant {
                participant: Box::new(p.new.clone()),
                by,
            };
            let effects = base.handle(input, start).map_err(|e| SetupError {
                participant: p.id.to_string(),
                reason: e.to_string(),
            })?;
            initial.extend_from_slice(effects);
        }
        Ok(Self {
            publisher: coordinator.unwrap_or(finder),
            hazards: [
                model.hazards.leak.get(),
                model.hazards.exploit.get(),
                model.hazards.attacks.get(),
            ],
            horizon: model.horizon_days,
            supply_chain: model.shape.supply_chain,
            embargo_days: embargo_days.max(1),
            policy,
            people,
            vendors,
            finder,
            coordinator,
            deployer,
            advisory,
            start,
            base,
            initial,
        })
    }

    /// The policy runs are made under.
    #[must_use]
    pub const fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The vendors' names, in order.
    pub fn vendor_names(&self) -> impl Iterator<Item = &str> {
        self.vendors
            .iter()
            .filter_map(|&i| self.people.get(i))
            .map(|p| p.id.as_str())
    }

    /// One run with `seed`: the same seed gives the same outcome.
    #[must_use]
    pub fn run(&self, seed: u64) -> Outcome {
        Run::new(self, seed).go()
    }
}

/// The advisory the publisher fills in before publishing: every field the policy
/// requires.
fn advisory(policy: &Policy, people: &[Person], vendors: &[usize]) -> Advisory {
    let mut advisory = Advisory::default();
    for field in &policy.required_advisory_fields {
        match field {
            AdvisoryField::Title => advisory.title = Some("simulated vulnerability".to_owned()),
            AdvisoryField::Affected => {
                advisory.affected = vendors
                    .iter()
                    .filter_map(|&v| people.get(v))
                    .map(|p| AffectedProduct {
                        vendor: Some(p.id.clone()),
                        product: format!("{} product", p.id),
                        versions: Vec::new(),
                    })
                    .collect();
            }
            AdvisoryField::Remediation => advisory.fixes = vec!["update".to_owned()],
            AdvisoryField::Identifiers => advisory.identifiers = vec!["CVE-2026-0001".to_owned()],
            AdvisoryField::References => {
                advisory.references = vec!["https://example.org/advisory".to_owned()];
            }
            AdvisoryField::Credits => {}
        }
    }
    advisory
}

struct Run<'s> {
    sim: &'s Simulation,
    rng: SimRng,
    case: Case,
    queue: BinaryHeap<Reverse<Scheduled>>,
    seq: u64,
    silent: Vec<bool>,
    seen_deadlines: HashSet<Deadline>,
    history: Vec<Happening>,
    vendor_events: Vec<Vec<CsEvent>>,
    reached_at_publication: Option<Vec<bool>>,
    published_at: Option<f64>,
    warnings: BTreeMap<Rule, u32>,
    refusals: BTreeMap<Rule, u32>,
    advisory_written: bool,
    deployer_told: bool,
    retry_pending: bool,
    /// Deadline call-backs scheduled and not yet fired.
    deadlines_pending: usize,
    inputs: u32,
    seed: u64,
    now: i64,
}

impl<'s> Run<'s> {
    fn new(sim: &'s Simulation, seed: u64) -> Self {
        let case = sim.base.clone();
        Self {
            sim,
            rng: SimRng::new(seed),
            case,
            queue: BinaryHeap::new(),
            seq: 0,
            silent: Vec::new(),
            seen_deadlines: HashSet::new(),
            history: Vec::new(),
            vendor_events: vec![Vec::new(); sim.vendors.len()],
            reached_at_publication: None,
            published_at: None,
            warnings: BTreeMap::new(),
            refusals: BTreeMap::new(),
            advisory_written: false,
            deployer_told: false,
            retry_pending: false,
            deadlines_pending: 0,
            inputs: 0,
            seed,
            now: 0,
        }
    }

    fn at(&self, secs: i64) -> DateTime<Utc> {
        self.sim
            .start
            .checked_add_signed(Duration::seconds(secs))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    fn horizon_secs(&self) -> i64 {
        (self.sim.horizon * DAY) as i64
    }

    fn schedule(&mut self, at: i64, ev: Ev) {
        if at > self.horizon_secs() {
            return;
        }
        self.seq = self.seq.saturating_add(1);
        self.queue.push(Reverse(Scheduled {
            at: at.max(self.now),
            seq: self.seq,
            ev,
        }));
    }

    fn after(&mut self, days: f64, ev: Ev) {
        let at = self.now.saturating_add((days * DAY).round() as i64);
        self.schedule(at, ev);
    }

    fn person(&self, i: usize) -> Option<&'s Person> {
        self.sim.people.get(i)
    }

    fn is_silent(&self, i: usize) -> bool {
        self.silent.get(i).copied().unwrap_or(false)
    }

    fn go(mut self) -> Outcome {
        // Draw who never answers, then the world's hazards, so that the draws of
        // one run do not depend on the policy's deadlines.
        for p in &self.sim.people {
            let silent = self.rng.chance(p.behaviour.never_answers);
            self.silent.push(silent);
        }
        for (k, event) in [
            CsEvent::PublicAware,
            CsEvent::ExploitPublic,
            CsEvent::AttacksObserved,
        ]
        .into_iter()
        .enumerate()
        {
            let p = self.sim.hazards.get(k).copied().unwrap_or(0.0);
            if let Some(mean) = hazard_mean(p) {
                let days = self.rng.exponential(mean);
                self.after(days, Ev::World(event));
            }
        }
        // The participants were added once, in `Simulation::new`; their effects
        // are followed here as if they had just been returned.
        let initial = self.sim.initial.clone();
        self.follow_all(initial);
        // The finder reports: to the coordinator, or to every vendor itself.
        let finder = self.sim.finder;
        match self.sim.coordinator {
            Some(c) => self.schedule(
                0,
                Ev::Submit {
                    from: finder,
                    to: c,
                },
            ),
            None => {
                self.propose(finder);
                if self.sim.supply_chain {
                    self.notify_first_vendor(finder);
                } else {
                    self.notify_vendors(finder);
                }
            }
        }
        while let Some(Reverse(next)) = self.queue.pop() {
            self.now = next.at;
            self.fire(next.ev);
        }
        self.finish()
    }

    /// Hands the case one input now; returns whether it was applied. Refusals are
    /// counted by rule; the effects are followed.
    fn handle(&mut self, input: Input) -> bool {
        self.inputs = self.inputs.saturating_add(1);
        let now = self.at(self.now);
        let before = self.snapshot();
        let effects: Vec<Effect> = match self.case.handle(input, now) {
            Ok(effects) => effects.to_vec(),
            Err(error) => {
                self.refuse(&error);
                return false;
            }
        };
        self.follow_all(effects);
        self.record(before);
        true
    }

    fn follow_all(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Send(out) => self.follow(out),
                Effect::Deadline(d) => {
                    if self.seen_deadlines.insert(d.clone()) {
                        let at = d.at.signed_duration_since(self.sim.start).num_seconds();
                        if at <= self.horizon_secs() {
                            self.deadlines_pending = self.deadlines_pending.saturating_add(1);
                        }
                        self.schedule(at, Ev::Deadline(d.kind));
                    }
                }
                Effect::Warning(w) => {
                    let n = self.warnings.entry(w.rule).or_insert(0);
                    *n = n.saturating_add(1);
                }
            }
        }
    }

    fn refuse(&mut self, error: &CaseError) {
        let n = self.refusals.entry(error.rule()).or_insert(0);
        *n = n.saturating_add(1);
    }

    /// A reply a participant owes is delivered after its acknowledge delay.
    fn follow(&mut self, out: Outgoing) {
        if out.in_reply_to.is_none() {
            return; // announced by the case itself: already applied to the audience
        }
        let Origin::Participant(from) = &out.from else {
            return;
        };
        let Some(i) = self.case.participants().iter().position(|p| p.id() == from) else {
            return;
        };
        if self.is_silent(i) {
            return;
        }
        let Some(p) = self.person(i) else { return };
        let days = p.behaviour.acknowledge.sample(&mut self.rng);
        self.after(days, Ev::Reply(Box::new(out)));
    }

    fn act(&mut self, who: usize, action: Action) -> bool {
        let Some(p) = self.person(who) else {
            return false;
        };
        self.handle(Input::Act {
            actor: p.id.clone(),
            action,
        })
    }

    fn fire(&mut self, ev: Ev) {
        match ev {
            Ev::Submit { from, to } => self.submit(from, to),
            Ev::Reply(out) => {
                let Origin::Participant(from) = out.from else {
                    return;
                };
                let message = Message {
                    kind: out.kind,
                    from,
                    to: out.to.into_vec(),
                    payload: out.payload,
                };
                self.handle(Input::Message { message });
            }
            Ev::Validate(i) => {
                if self.act(i, Action::Validate)
                    && let Some(p) = self.person(i)
                {
                    let days = p.behaviour.accept.sample(&mut self.rng);
                    self.after(days, Ev::Accept(i));
                }
            }
            Ev::Accept(i) => self.accept(i),
            Ev::AcceptEmbargo(i) => {
                if self.consent_pending() {
                    self.act(i, Action::AcceptEmbargo);
                }
            }
            Ev::FixReady(i) => {
                if self.act(i, Action::FixReady) {
                    if let Some(p) = self.person(i) {
                        let days = p.behaviour.deploy.sample(&mut self.rng);
                        self.after(days, Ev::FixDeployed(i));
                    }
                    self.fixes_changed();
                }
            }
            Ev::FixDeployed(i) => {
                self.act(i, Action::FixDeployed);
            }
            Ev::Deadline(kind) => {
                self.deadlines_pending = self.deadlines_pending.saturating_sub(1);
                self.handle(Input::Tick);
                if matches!(
                    kind,
                    DeadlineKind::EmbargoEnds | DeadlineKind::PublishAllowed { .. }
                ) {
                    self.try_publish();
                }
            }
            Ev::World(event) => self.world(event),
            Ev::TryPublish => {
                self.retry_pending = false;
                self.try_publish();
            }
        }
    }

    fn submit(&mut self, from: usize, to: usize) {
        let (Some(sender), Some(recipient)) = (self.person(from), self.person(to)) else {
            return;
        };
        let report = ReportSummary::new("simulated vulnerability", "");
        let action = Action::submit(recipient.id.clone(), report);
        if self.act(from, action) && !self.is_silent(to) {
            let days = recipient.behaviour.validate.sample(&mut self.rng);
            self.after(days, Ev::Validate(to));
            if self.consent_pending() {
                let days = recipient.behaviour.accept.sample(&mut self.rng);
                self.after(days, Ev::AcceptEmbargo(to));
            }
        }
        let _ = sender;
    }

    fn accept(&mut self, i: usize) {
        if !self.act(i, Action::Accept) {
            return;
        }
        let Some(p) = self.person(i) else { return };
        match p.role {
            RoleName::Coordinator => {
                self.propose(i);
                if self.sim.supply_chain {
                    self.notify_first_vendor(i);
                } else {
                    self.notify_vendors(i);
                }
            }
            RoleName::Vendor => {
                let days = p.behaviour.fix.sample(&mut self.rng);
                self.after(days, Ev::FixReady(i));
                if self.sim.supply_chain && self.sim.vendors.first() == Some(&i) {
                    let from = self.sim.publisher;
                    self.notify_vendors(from);
                }
            }
            RoleName::Reporter | RoleName::Deployer => {}
        }
    }

    /// Whether an embargo proposal is waiting for consents.
    fn consent_pending(&self) -> bool {
        matches!(self.case.em(), EmState::Proposed)
    }

    fn propose(&mut self, who: usize) {
        // No embargo once the case is public (reference: an embargo needs `pxa`).
        if self.case.em() != EmState::None || self.case.pxa() != crate::cs::Pxa::NONE {
            return;
        }
        let start = self.at(self.now);
        let end = self.at(self
            .now
            .saturating_add(i64::from(self.sim.embargo_days).saturating_mul(86_400)));
        self.act(
            who,
            Action::ProposeEmbargo {
                terms: EmbargoTerms::new(start, end),
            },
        );
        // The finder (if not the proposer) consents after its accept delay.
        let finder = self.sim.finder;
        if finder != who
            && !self.is_silent(finder)
            && let Some(p) = self.person(finder)
        {
            let days = p.behaviour.accept.sample(&mut self.rng);
            self.after(days, Ev::AcceptEmbargo(finder));
        }
    }

    fn notify_first_vendor(&mut self, from: usize) {
        if let Some(&v) = self.sim.vendors.first() {
            self.schedule(self.now, Ev::Submit { from, to: v });
        }
    }

    /// The organiser sends the report to every vendor not reached yet.
    fn notify_vendors(&mut self, from: usize) {
        let vendors = self.sim.vendors.clone();
        for v in vendors {
            let reached = self
                .person(v)
                .and_then(|p| self.case.participant(&p.id))
                .is_some_and(|p| p.is_reached());
            if !reached {
                self.schedule(self.now, Ev::Submit { from, to: v });
            }
        }
    }

    /// After a fix: tell the deployer once every answering vendor has one, and try
    /// to publish once every vendor that accepted has a fix and none is still
    /// deciding.
    fn fixes_changed(&mut self) {
        let mut all_fixed = true;
        let mut waiting = false;
        for &v in &self.sim.vendors {
            let Some(p) = self.person(v).and_then(|p| self.case.participant(&p.id)) else {
                continue;
            };
            let fixed = p
                .fix_status()
                .is_some_and(|s| s != crate::cs::Vfd::Aware && s != crate::cs::Vfd::Unaware);
            if !fixed {
                all_fixed = false;
                if !matches!(p.rm(), RmState::Received | RmState::Start) {
                    waiting = true;
                }
            }
        }
        let answering_fixed = !waiting;
        if answering_fixed
            && !self.deployer_told
            && let Some(d) = self.sim.deployer
        {
            self.deployer_told = true;
            self.schedule(
                self.now,
                Ev::Submit {
                    from: self.sim.publisher,
                    to: d,
                },
            );
        }
        if all_fixed {
            self.try_publish();
        }
    }

    fn world(&mut self, event: CsEvent) {
        let kind = match event {
            CsEvent::PublicAware => crate::message::MessageType::CP,
            CsEvent::ExploitPublic => crate::message::MessageType::CX,
            _ => crate::message::MessageType::CA,
        };
        if self.case.pxa().has(event) {
            return;
        }
        // The world's facts reach the case as a report from the finder to the other
        // members: a fact that already happened is never refused.
        let Some(finder) = self.person(self.sim.finder) else {
            return;
        };
        let to: Vec<ParticipantId> = self
            .case
            .participants()
            .iter()
            .filter(|p| p.id() != &finder.id && p.is_member() && p.is_reached())
            .map(|p| p.id().clone())
            .collect();
        if to.is_empty() {
            return;
        }
        let message = Message {
            kind,
            from: finder.id.clone(),
            to,
            payload: crate::case::Payload::None,
        };
        self.handle(Input::Message { message });
    }

    /// The publisher publishes: fills in the advisory; asks the case what still
    /// blocks publication ([`Case::publication_readiness`]); if only the embargo
    /// in force does, or nothing, ends the embargo (if one is in force) and
    /// publishes. Otherwise the blocking rules are counted as refusals of the
    /// attempt, and the publisher tries again at the case's next deadline, or a
    /// week later if it has none.
    fn try_publish(&mut self) {
        if self.case.pxa().public_aware() {
            return;
        }
        let Some(publisher) = self.person(self.sim.publisher) else {
            return;
        };
        if !self.advisory_written {
            self.advisory_written = true;
            let advisory = Box::new(self.sim.advisory.clone());
            self.act(self.sim.publisher, Action::UpdateAdvisory { advisory });
        }
        if self.case.now() < self.at(self.now) {
            self.handle(Input::Tick);
        }
        let readiness = self.case.publication_readiness(Some(&publisher.id));
        let mut blocking: Vec<Rule> = readiness
            .blocking()
            .filter(|u| !matches!(u.missing, Missing::EmbargoInForce { .. }))
            .map(|u| u.rule)
            .collect();
        blocking.dedup();
        let published = if blocking.is_empty() {
            if matches!(self.case.em(), EmState::Active | EmState::Revise) {
                self.act(self.sim.publisher, Action::TerminateEmbargo);
            }
            self.act(self.sim.publisher, Action::Publish)
        } else {
            for rule in blocking {
                let n = self.refusals.entry(rule).or_insert(0);
                *n = n.saturating_add(1);
            }
            false
        };
        if !published && self.deadlines_pending == 0 && !self.retry_pending {
            self.retry_pending = true;
            self.after(7.0, Ev::TryPublish);
        }
    }

    /// `(V, F, D per vendor, pxa)` before an input, to see what it changed.
    fn snapshot(&self) -> (Vec<crate::cs::Vfd>, crate::cs::Pxa) {
        let vfd = self
            .sim
            .vendors
            .iter()
            .map(|&v| {
                self.person(v)
                    .and_then(|p| self.case.participant(&p.id))
                    .map_or(crate::cs::Vfd::Unaware, |p| p.vfd())
            })
            .collect();
        (vfd, self.case.pxa())
    }

    fn record(&mut self, (vfd_before, pxa_before): (Vec<crate::cs::Vfd>, crate::cs::Pxa)) {
        let (vfd_after, pxa_after) = self.snapshot();
        let day = self.now as f64 / DAY;
        for (k, (b, a)) in vfd_before.iter().zip(&vfd_after).enumerate() {
            for event in CsEvent::VFD {
                let new = CaseStateBits::vfd_has(*a, event) && !CaseStateBits::vfd_has(*b, event);
                if new {
                    let name = self
                        .sim
                        .vendors
                        .get(k)
                        .and_then(|&v| self.person(v))
                        .map(|p| p.id.to_string());
                    self.history.push(Happening {
                        event,
                        vendor: name,
                        day,
                    });
                    if let Some(events) = self.vendor_events.get_mut(k) {
                        events.push(event);
                    }
                }
            }
        }
        for event in [
            CsEvent::ExploitPublic,
            CsEvent::PublicAware,
            CsEvent::AttacksObserved,
        ] {
            if pxa_after.has(event) && !pxa_before.has(event) {
                self.history.push(Happening {
                    event,
                    vendor: None,
                    day,
                });
                for events in &mut self.vendor_events {
                    events.push(event);
                }
                if event == CsEvent::PublicAware {
                    self.published_at = Some(day);
                    let reached = vfd_after
                        .iter()
                        .map(|v| *v != crate::cs::Vfd::Unaware)
                        .collect();
                    self.reached_at_publication = Some(reached);
                }
            }
        }
    }

    fn finish(self) -> Outcome {
        let reached = self.reached_at_publication.clone();
        let vendors: Vec<VendorOutcome> = self
            .sim
            .vendors
            .iter()
            .enumerate()
            .map(|(k, &v)| {
                let events = self.vendor_events.get(k).cloned().unwrap_or_default();
                VendorOutcome {
                    name: self.person(v).map(|p| p.id.to_string()).unwrap_or_default(),
                    silent: self.is_silent(v),
                    desiderata: desiderata_of(&events),
                    events,
                    reached_before_publication: reached
                        .as_ref()
                        .is_none_or(|r| r.get(k).copied().unwrap_or(true)),
                }
            })
            .collect();
        let embargo = match self.case.embargo() {
            crate::case::Embargo::None | crate::case::Embargo::Proposed { .. } => {
                EmbargoFate::Never
            }
            crate::case::Embargo::Active { .. } | crate::case::Embargo::Revise { .. } => {
                EmbargoFate::InForce
            }
            crate::case::Embargo::Exited { reason, .. } => match reason {
                EmbargoEnd::Expired => EmbargoFate::Expired,
                EmbargoEnd::Terminated => EmbargoFate::Terminated,
                EmbargoEnd::PublicAware
                | EmbargoEnd::ExploitPublic
                | EmbargoEnd::AttacksObserved => EmbargoFate::Broken,
            },
        };
        Outcome {
            seed: self.seed,
            inputs: self.inputs,
            every_vendor_reached: vendors.iter().all(|v| v.reached_before_publication),
            history: self.history,
            vendors,
            embargo,
            days_to_publication: self.published_at,
            warnings: self.warnings,
            refusals: self.refusals,
        }
    }
}

/// Reading `V`, `F`, `D` from a fix status.
struct CaseStateBits;

impl CaseStateBits {
    fn vfd_has(vfd: crate::cs::Vfd, event: CsEvent) -> bool {
        crate::cs::CaseState::new(vfd, crate::cs::Pxa::NONE).has(event)
    }
}
