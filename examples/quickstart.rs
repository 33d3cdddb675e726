//! A tracker's first case: a finder reports to a coordinator, who brings in two
//! vendors under an embargo and publishes when it ends.
use mpcvd::case::{Action, Action::*, Case, EmbargoTerms, Input, ReportSummary};
use mpcvd::chrono::{Duration, TimeZone, Utc};
use mpcvd::{participant::ParticipantId as Id, policy::Policy, role::Role};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let day = |n| Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap() + Duration::days(n);
    let mut case = Case::builder("VU#1001", Policy::default(), day(0))
        .participant("cert", "CERT/CC", &[Role::Coordinator])
        .participant("fay", "Fay", &[Role::Finder, Role::Reporter])
        .participant("acme", "Acme", &[Role::Vendor])
        .participant("bolt", "Bolt", &[Role::Vendor])
        .build()?;
    let report = ReportSummary::new("heap overflow in the parser", "");
    let submit = |to| Ok::<_, mpcvd::id::InvalidId>(Action::submit(Id::new(to)?, report.clone()));
    let terms = EmbargoTerms::new(day(1), day(40));
    let steps = [
        (0, "fay", submit("cert")?),
        (1, "cert", Validate),
        (1, "cert", Accept),
        (1, "cert", submit("acme")?),
        (1, "cert", submit("bolt")?),
        (1, "cert", ProposeEmbargo { terms }),
        (2, "acme", AcceptEmbargo),
        (2, "bolt", AcceptEmbargo),
        (40, "cert", Publish),
    ];
    for (n, actor, action) in steps {
        for effect in case.handle(Input::act(Id::new(actor)?, action), day(n))? {
            println!("day {n:>2} {actor}: {effect}");
        }
    }
    Ok(())
}
