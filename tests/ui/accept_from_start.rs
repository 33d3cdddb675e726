//! RM: a report that was never received cannot be accepted.
use mpcvd::typed::Report;

fn main() {
    let _accepted = Report::new().accept();
}
