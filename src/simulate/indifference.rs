//! The principle of indifference, through the engine: a one-vendor case where,
//! at each step, one of the events the [`ProcessModel`] allows next is drawn with
//! equal probability and made to happen by the input a participant would hand
//! [`Case::handle`] (`V`: the finder submits the report; `F`, `D`: the vendor's
//! fix; `P`, `X`, `A`: the finder publishes, reports an exploit, reports
//! attacks). The history is read back from the engine's state after each input.
//!
//! Since the draw follows the model, the frequencies of the histories this walk
//! yields converge to the exact `f_h` only if the engine realises every history
//! the model allows, in the model's order, and adds nothing the model forbids;
//! `tests/simulate.rs` checks that at N = 100,000 for the standard model and a
//! variant. An event the engine makes happen together with the drawn one (a
//! public exploit makes the public aware) must be the only one the model allows
//! at that point, or the walk reports the disagreement.

use chrono::{Duration, TimeZone, Utc};
use thiserror::Error;

use super::dist::SimRng;
use crate::analysis::{EventId, EventSet, ProcessModel};
use crate::case::{Action, Case, CaseError, Input, ReportSummary};
use crate::cs::CsEvent;
use crate::policy::Policy;
use crate::role::Role;

/// Why the walk stopped: the engine and the model disagree.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum WalkError {
    /// The model has an event the engine cannot make happen.
    #[error("the model's event `{0}` is not one of V, F, D, P, X, A")]
    UnknownEvent(char),
    /// The engine refused the input for an event the model allows.
    #[error("after `{history}` the engine refused `{event}`: {error}")]
    Refused {
        /// The history so far.
        history: String,
        /// The event drawn.
        event: char,
        /// The refusal.
        error: Box<CaseError>,
    },
    /// The engine's state after an input is not what the model allows.
    #[error("after `{history}` drawing `{event}`, the engine's state is `{engine}`")]
    Disagree {
        /// The history so far.
        history: String,
        /// The event drawn.
        event: char,
        /// The engine's state in the model's letters.
        engine: String,
    },
    /// The case could not be set up.
    #[error("setting up the one-vendor case: {0}")]
    Setup(String),
}

/// A prepared one-vendor case and the mapping of the model's events.
#[derive(Debug, Clone)]
pub struct Walk {
    model: ProcessModel,
    base: Case,
    events: Vec<(EventId, CsEvent)>,
}

impl Walk {
    /// Prepares the walk for `model` under the protocol-only policy.
    ///
    /// # Errors
    /// [`WalkError::UnknownEvent`] for an event outside `VFDPXA`.
    pub fn new(model: &ProcessModel) -> Result<Self, WalkError> {
        let mut events = Vec::new();
        for id in model.event_ids() {
            let letter = model.letter(id);
            let cs = CsEvent::ALL
                .into_iter()
                .find(|e| e.letter() == letter)
                .ok_or(WalkError::UnknownEvent(letter))?;
            events.push((id, cs));
        }
        let t0 = Utc
            .with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
            .single()
            .ok_or_else(|| WalkError::Setup("start time".to_owned()))?;
        let base = Case::builder("WALK-1", Policy::default(), t0)
            .participant("finder", "Finder", &[Role::Finder, Role::Reporter])
            .participant("v1", "Vendor", &[Role::Vendor, Role::Deployer])
            .build()
            .map_err(|e| WalkError::Setup(e.to_string()))?;
        Ok(Self {
            model: model.clone(),
            base,
            events,
        })
    }

    /// The engine's state in the model's events.
    fn state(&self, case: &Case) -> EventSet {
        let vendor = crate::participant::ParticipantId::new("v1")
            .ok()
            .and_then(|v| case.case_state_of(&v));
        let pxa = case.pxa();
        self.events
            .iter()
            .filter(|(_, cs)| match cs {
                CsEvent::PublicAware | CsEvent::ExploitPublic | CsEvent::AttacksObserved => {
                    pxa.has(*cs)
                }
                _ => vendor.is_some_and(|s| s.has(*cs)),
            })
            .fold(EventSet::EMPTY, |set, (id, _)| set.with(*id))
    }

    /// One walk with `seed`: a complete history in the model's event ids.
    ///
    /// # Errors
    /// [`WalkError`] where the engine and the model disagree.
    pub fn run(&self, seed: u64) -> Result<Vec<EventId>, WalkError> {
        let mut rng = SimRng::new(seed);
        let mut case = self.base.clone();
        let mut now = case.now();
        let mut history: Vec<EventId> = Vec::new();
        let mut state = self.state(&case);
        let text = |h: &[EventId]| self.model.sequence_text(h);
        while state != self.model.final_state() {
            let allowed: Vec<EventId> = self.model.allowed(state).iter().collect();
            let Some(&chosen) = allowed.get(rng.below(allowed.len())) else {
                break; // no event allowed: a dead end of the model
            };
            let cs = self
                .events
                .iter()
                .find(|(id, _)| *id == chosen)
                .map(|(_, cs)| *cs)
                .ok_or(WalkError::UnknownEvent('?'))?;
            now = now.checked_add_signed(Duration::hours(1)).unwrap_or(now);
            for input in inputs(cs) {
                if let Err(error) = case.handle(input, now) {
                    return Err(WalkError::Refused {
                        history: text(&history),
                        event: self.model.letter(chosen),
                        error: Box::new(error),
                    });
                }
            }
            let after = self.state(&case);
            let letter = self.model.letter(chosen);
            let disagree = |history: &[EventId]| WalkError::Disagree {
                history: text(history),
                event: letter,
                engine: self.model.state_text(after),
            };
            if !after.contains(chosen) || !state.is_subset(after) {
                return Err(disagree(&history));
            }
            history.push(chosen);
            state = state.with(chosen);
            // Anything else the input made happen must be forced by the model.
            while state != after {
                let only: Vec<EventId> = self.model.allowed(state).iter().collect();
                match only.as_slice() {
                    [forced] if after.contains(*forced) => {
                        history.push(*forced);
                        state = state.with(*forced);
                    }
                    _ => return Err(disagree(&history)),
                }
            }
        }
        Ok(history)
    }
}

/// The inputs that make `event` happen in the one-vendor case.
fn inputs(event: CsEvent) -> Vec<Input> {
    let (Ok(finder), Ok(vendor)) = (
        crate::participant::ParticipantId::new("finder"),
        crate::participant::ParticipantId::new("v1"),
    ) else {
        return Vec::new();
    };
    let act = |actor: &crate::participant::ParticipantId, action| Input::Act {
        actor: actor.clone(),
        action,
    };
    match event {
        CsEvent::VendorAware => vec![
            act(
                &finder,
                Action::submit(vendor.clone(), ReportSummary::new("walk", "")),
            ),
            act(&vendor, Action::Validate),
            act(&vendor, Action::Accept),
        ],
        CsEvent::FixReady => vec![act(&vendor, Action::FixReady)],
        CsEvent::FixDeployed => vec![act(&vendor, Action::FixDeployed)],
        CsEvent::PublicAware => vec![act(&finder, Action::Publish)],
        CsEvent::ExploitPublic => vec![act(&finder, Action::ExploitPublished)],
        CsEvent::AttacksObserved => vec![act(&finder, Action::AttacksObserved)],
    }
}
