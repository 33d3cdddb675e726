#![doc = include_str!("../docs/reference/vultron-reference.md")]

/// The coordinator's responsibilities that mpcvd turns into guards and policy
/// (`docs/reference/coordinator-rules.md`).
pub mod coordinator_rules {
    #![doc = include_str!("../docs/reference/coordinator-rules.md")]
}
