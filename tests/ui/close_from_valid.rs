//! RM: a valid report is accepted or deferred before it is closed (reference §1).
use mpcvd::typed::Report;

fn main() {
    let valid = Report::new().receive().validate();
    let _closed = valid.close();
}
