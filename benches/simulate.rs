//! Simulated cases per second.
fn main() {}
