//! Benchmarks of the typestate layer against the runtime machines (work in progress).
fn main() {}
