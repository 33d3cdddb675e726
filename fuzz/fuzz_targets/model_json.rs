//! Arbitrary bytes into the variant-model loader: no panic; an accepted model
//! writes back to JSON that loads as the same model, its graph is non-empty, and
//! (for models small enough to score quickly) its baselines are probabilities.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpcvd::analysis::{ModelGraph, ProcessModel};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(model) = ProcessModel::from_json(text) else { return };
    let again = ProcessModel::from_json(&model.to_json()).expect("a written model loads");
    assert_eq!(again.to_json(), model.to_json());
    let graph = ModelGraph::new(&model);
    assert!(graph.state_count() >= 1);
    if graph.state_count() <= 4096 {
        if let Ok(baselines) = graph.baselines() {
            for b in baselines {
                assert!(b.baseline <= mpcvd::analysis::Ratio::ONE);
            }
        }
    }
});
