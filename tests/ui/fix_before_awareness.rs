//! Fix path: `F` needs `V` first (reference §3, constraint 1).
use mpcvd::typed::{FixStatus, Report};

fn main() {
    let report = Report::new().receive().validate().accept();
    let _fix = FixStatus::new().fix(&report);
}
