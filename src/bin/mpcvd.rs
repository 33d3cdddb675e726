//! The `mpcvd` command-line tool (work in progress).
fn main() {}
