//! Only `Start` can be created from nothing; other states are reached by transitions.
use mpcvd::typed::{Report, Valid};

fn main() {
    let _valid = Report::<Valid>::new();
}
