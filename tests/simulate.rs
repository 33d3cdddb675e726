//! Simulation tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use mpcvd::policy::Policy;
use mpcvd::simulate::{BehaviourModel, Simulation};

#[test]
fn probe() {
    let model = BehaviourModel::from_json(
        r#"{ "shape": { "vendors": 5 }, "participants": { "v5": { "never_answers": 1.0 } } }"#,
    )
    .unwrap();
    for name in ["cert-cc", "project-zero", "zdi", "vultron"] {
        let sim = Simulation::new(&model, Policy::preset(name).unwrap()).unwrap();
        let o = sim.run(1);
        println!("{name}: {}", serde_json::to_string(&o).unwrap());
    }
}
