//! Policy what-if simulation (feature `simulate`): many seeded cases run through
//! the [`Case`](crate::case::Case) engine with stochastic participants, to compare
//! coordinator policies by the outcomes they produce.
//!
//! - [`model`]: behaviour models as JSON — the case's shape, per-role and
//!   per-participant delay distributions, the chance of never answering, and the
//!   world's daily hazards.
//! - [`dist`]: the distributions and the seeded, portable generator.
//! - [`run`]: the discrete-event loop turning sampled behaviour into inputs for
//!   `Case::handle` and following its effects.
//! - [`outcome`]: what one run yields (history, desiderata, reach, embargo, rules).
//! - [`summary`]: rates with confidence intervals, `α_d`, days to publication.
//! - [`indifference`]: the principle-of-indifference walk through the engine that
//!   cross-checks it against the exact analysis.
//!
//! No I/O, no clock, no threads: a run is a pure function of the model, the policy
//! and the seed.
//!
//! ```
//! use mpcvd::policy::Policy;
//! use mpcvd::simulate::{BehaviourModel, Simulation};
//!
//! let model = BehaviourModel::from_json(r#"{ "shape": { "vendors": 2 } }"#)?;
//! let sim = Simulation::new(&model, Policy::preset("cert-cc").unwrap())?;
//! let outcome = sim.run(7);
//! assert_eq!(outcome, sim.run(7)); // a run is a function of its seed
//! assert!(outcome.every_vendor_reached);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod dist;
pub mod indifference;
pub mod model;
pub mod outcome;
pub mod run;
pub mod summary;

pub use dist::{Distribution, SimRng, run_seed};
pub use model::{Behaviour, BehaviourModel, Hazards, ModelError, Probability, RoleName, Shape};
pub use outcome::{EmbargoFate, Happening, Outcome, VendorOutcome};
pub use run::{SetupError, Simulation};
pub use summary::{Rate, Summary, Tally};
