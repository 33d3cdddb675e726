//! Fix path: `D` needs `F` first (reference §3, constraint 1).
use mpcvd::typed::{FixStatus, Report};

fn main() {
    let report = Report::new().receive().validate().accept();
    let _deployed = FixStatus::new().become_aware().deploy(&report);
}
