//! Vendors create fixes only in RM `Accepted` (reference §1).
use mpcvd::typed::{FixStatus, Report};

fn main() {
    let valid = Report::new().receive().validate();
    let _fix = FixStatus::new().become_aware().fix(&valid);
}
