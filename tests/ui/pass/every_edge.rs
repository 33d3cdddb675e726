//! Every allowed transition compiles: each RM, EM and fix-path edge is taken once.
use mpcvd::cs::{CaseState, Vfd};
use mpcvd::em::EmState;
use mpcvd::rm::RmState;
use mpcvd::typed::{AttacksObserved, Embargo, FixStatus, PublicAwareness, Report};

fn main() {
    // RM, all eleven edges.
    let report = Report::new().receive().invalidate().validate().defer().close();
    assert_eq!(RmState::from(report), RmState::Closed);
    let report = Report::new().receive().invalidate().close();
    assert_eq!(RmState::from(report), RmState::Closed);
    let report = Report::new().receive().validate().accept().defer().accept();

    // Fix path, with the accepted report as evidence.
    let fix = FixStatus::new().become_aware().fix(&report).deploy(&report);
    assert_eq!(Vfd::from(fix), Vfd::FixDeployed);
    assert_eq!(RmState::from(report.close()), RmState::Closed);

    // EM, all ten edges.
    let embargo = Embargo::new().propose().propose().reject().propose().accept();
    let embargo = embargo.propose_revision().propose_revision().accept_revision();
    let embargo = embargo.propose_revision().reject_revision().terminate();
    assert_eq!(EmState::from(embargo), EmState::Exited);
    let embargo = Embargo::new().propose().accept().propose_revision().terminate();
    assert_eq!(EmState::from(embargo), EmState::Exited);

    // Early ends, each with the token its recording step created.
    let (_, public) = PublicAwareness::record(CaseState::INITIAL).unwrap();
    let embargo = Embargo::new().propose().accept().end_early(public);
    assert_eq!(EmState::from(embargo), EmState::Exited);
    // (Not after `vfdPxa`: there the vendor must become aware first, reference §3.)
    let (_, attacks) = AttacksObserved::record(CaseState::INITIAL).unwrap();
    let embargo = Embargo::new().propose().accept().propose_revision().end_early(attacks);
    assert_eq!(EmState::from(embargo), EmState::Exited);
}
