//! Arbitrary bytes into the simulator's behaviour-model reader and, when they
//! load, one seeded run under each of three presets: no input may panic or run
//! without end, and a run is a function of its seed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpcvd::policy::Policy;
use mpcvd::simulate::{BehaviourModel, Simulation};

fuzz_target!(|data: &[u8]| {
    let Some((&seed, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let Ok(model) = BehaviourModel::from_json(text) else { return };
    for name in ["vultron", "cert-cc", "zdi"] {
        let Some(policy) = Policy::preset(name) else { continue };
        let Ok(simulation) = Simulation::new(&model, policy) else { continue };
        let once = simulation.run(u64::from(seed));
        assert_eq!(once, simulation.run(u64::from(seed)));
    }
});
