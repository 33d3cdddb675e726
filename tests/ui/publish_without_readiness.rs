//! A participant's own publication needs the case's readiness proof, which only the
//! publication check creates: it cannot be built by hand.
use chrono::DateTime;
use mpcvd::cs::CaseState;
use mpcvd::id::CaseId;
use mpcvd::typed::PublicAwareness;

fn main() {
    let case = CaseId::new("VU#1").unwrap();
    let forged = mpcvd::case::ReadyToPublish { case, at: DateTime::UNIX_EPOCH };
    let _ = PublicAwareness::publish(CaseState::INITIAL, forged);
}
