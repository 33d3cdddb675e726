//! Benchmarks of model analysis (work in progress).
fn main() {}
