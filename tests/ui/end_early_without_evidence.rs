//! EM: an early end needs a proof token; a unit value is no evidence.
use mpcvd::typed::Embargo;

fn main() {
    let active = Embargo::new().propose().accept();
    let _exited = active.end_early(());
}
