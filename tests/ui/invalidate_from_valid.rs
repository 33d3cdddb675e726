//! RM: there is no `V → I` edge (reference §1).
use mpcvd::typed::Report;

fn main() {
    let valid = Report::new().receive().validate();
    let _invalid = valid.invalidate();
}
