//! Arbitrary bytes as an exploration configuration (participants' roles, channel
//! bound, topology, guards, options, statement sets, reductions) run under a small budget: no
//! panic; the state count never exceeds the budget; a complete search of the
//! guarded standard protocol breaks no invariant; every trace starts from the
//! initial state (its first step is a send); the Promela export is produced.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpcvd::analysis::explore::{ExploreConfig, Guards, Topology, explore};
use mpcvd::export::promela;
use mpcvd::message::MessageType;
use mpcvd::protocol::ProtocolOptions;
use mpcvd::role::{Role, RoleSet};
use mpcvd::set::Set;

const BUDGET: usize = 3_000;

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else { return };
    let count = 2 + usize::from(head % 3);
    let mut bytes = rest.iter().copied();
    let mut next = || bytes.next().unwrap_or(0);
    let roles: Vec<RoleSet> = (0..count)
        .map(|_| {
            let mask = next();
            let set: Vec<Role> = (0..6u8)
                .filter(|b| mask & (1 << b) != 0)
                .filter_map(Role::from_repr)
                .collect();
            RoleSet::of(&set)
        })
        .collect();
    let Ok(config) = ExploreConfig::new(roles) else { return };
    let flags = next();
    let bound = 1 + usize::from(flags % 2);
    let mut config = config
        .with_channel_bound(bound)
        .and_then(|c| c.with_budget(BUDGET))
        .expect("bounds in range")
        .with_topology(if flags & 2 != 0 { Topology::Star } else { Topology::Complete })
        .with_acknowledgements(flags & 4 != 0)
        .with_symmetry(flags & 32 != 0)
        .with_por(flags & 64 != 0);
    let guarded = flags & 8 == 0;
    if !guarded {
        config = config.with_guards(Guards::NONE);
    }
    let standard = flags & 16 == 0;
    if !standard {
        config = config.with_options(ProtocolOptions { attacks_end_embargo: false });
    }
    for index in 0..count {
        let mask = u32::from_le_bytes([next(), next(), next(), next()]);
        let set: Set<MessageType> = (0..28u8)
            .filter(|b| mask & (1 << b) != 0)
            .filter_map(MessageType::from_repr)
            .collect();
        config = config.with_participant_statements(index, set).expect("index in range");
    }
    let found = explore(&config).expect("the engine's functions always tabulate");
    assert!(found.states <= BUDGET);
    assert!(found.states >= 1);
    if found.complete && guarded && standard {
        assert!(found.violations.is_empty(), "{:#?}", found.violations);
    }
    for v in &found.violations {
        if let Some(first) = v.trace.first() {
            assert_eq!(first.action, "send");
        }
    }
    let model = promela(&config).expect("exportable");
    assert!(model.contains("active proctype mpcvd_case()"));
});
