//! A transition consumes the old state: it cannot be used again.
use mpcvd::typed::Report;

fn main() {
    let valid = Report::new().receive().validate();
    let _accepted = valid.accept();
    let _deferred = valid.defer();
}
