//! Benchmarks of single machine transitions (filled in below).
fn main() {}
