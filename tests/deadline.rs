//! Disclosure deadline arithmetic: worked examples of each published policy preset
//! (CERT/CC, Project Zero, ZDI, linux-distros, the capped 90+30 variant), grace,
//! in-the-wild clocks, caps, working-day rolls, ZDI contact escalation, calendar
//! helpers, chrono range limits, and the serialised form of rules and facts.
//!
//! Expected instants are written out as dates (worked by hand from the policies'
//! texts, weekdays checked against a calendar), not computed by the code under test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    reason = "test code: a panic is a failed assertion"
)]

use chrono::{DateTime, Days, NaiveDate, TimeDelta, TimeZone, Utc};
use mpcvd::calendar::{
    AllDaysWork, Calendar, CalendarError, MAX_SEARCH_DAYS, NonWorkingDays, add_business_days,
    add_calendar_days, next_working_day,
};
use mpcvd::deadline::{
    Anchor, Clock, DeadlineError, DeadlineFacts, DeadlineRule, Disclosure, DisclosureBasis,
    EmbargoFit, Escalation, EscalationRule, EscalationStep, Span, contact_escalations,
    disclosure_date,
};

/// 09:00 UTC on the given date.
fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Day 0 of most examples: Monday 2025-01-06, 09:00 UTC.
fn t0() -> DateTime<Utc> {
    at(2025, 1, 6)
}

/// Day `n` after [`t0`].
fn day(n: i64) -> DateTime<Utc> {
    t0() + TimeDelta::days(n)
}

fn reported() -> DeadlineFacts {
    DeadlineFacts {
        report_received: Some(t0()),
        ..DeadlineFacts::default()
    }
}

fn disclose(rule: &DeadlineRule, facts: &DeadlineFacts, calendar: &dyn Calendar) -> Disclosure {
    disclosure_date(rule, facts, calendar)
        .unwrap()
        .expect("the anchor has happened")
}

/// A calendar on which no day works.
struct NeverWorks;
impl Calendar for NeverWorks {
    fn is_working_day(&self, _: NaiveDate) -> bool {
        false
    }
}

// --- Project Zero -------------------------------------------------------------

#[test]
fn project_zero_fixed_on_day_47_is_public_on_day_77() {
    let facts = DeadlineFacts {
        fix_available: Some(day(47)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 3, 24));
    assert_eq!(got.basis, DisclosureBasis::FixPlusDays);
    assert_eq!(got.clock, Clock::Standard);
    assert!(!got.grace_granted);
    assert_eq!(got.rolled_from, None);
}

#[test]
fn project_zero_fixed_on_day_83_is_public_on_day_113() {
    let facts = DeadlineFacts {
        fix_available: Some(day(83)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 4, 29));
}

#[test]
fn project_zero_unfixed_is_public_on_day_90_even_on_a_weekend() {
    // Day 90 is Sunday 2025-04-06; Project Zero does not roll.
    let calendar = NonWorkingDays::weekends();
    let got = disclose(&DeadlineRule::project_zero(), &reported(), &calendar);
    assert_eq!(got.at, at(2025, 4, 6));
    assert_eq!(got.basis, DisclosureBasis::BaseDeadline);
    assert_eq!(got.rolled_from, None);
}

#[test]
fn project_zero_fix_at_the_deadline_instant_is_in_time() {
    let facts = DeadlineFacts {
        fix_available: Some(day(90)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 5, 6)); // day 120
    assert_eq!(got.basis, DisclosureBasis::FixPlusDays);
    // One second late, without a grace: public at day 90.
    let late = DeadlineFacts {
        fix_available: Some(day(90) + TimeDelta::seconds(1)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &late, &AllDaysWork);
    assert_eq!(got.at, day(90));
}

#[test]
fn project_zero_fix_after_day_90_without_grace_does_not_delay() {
    let facts = DeadlineFacts {
        fix_available: Some(day(95)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, day(90));
    assert_eq!(got.basis, DisclosureBasis::BaseDeadline);
}

#[test]
fn project_zero_grace_fix_on_day_100_is_public_on_day_120() {
    // P0: fixed within the 14-day grace → public 120 days after the report.
    let facts = DeadlineFacts {
        grace_requested: Some(day(85)),
        fix_expected_within_grace: true,
        fix_available: Some(day(100)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 5, 6));
    assert_eq!(got.basis, DisclosureBasis::DeadlinePlusDays);
    assert!(got.grace_granted);
}

#[test]
fn project_zero_grace_without_a_fix_ends_on_day_104() {
    let facts = DeadlineFacts {
        grace_requested: Some(day(85)),
        fix_expected_within_grace: true,
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 4, 20));
    assert_eq!(got.basis, DisclosureBasis::GraceDeadline);
    // A fix after the grace does not move it either.
    let late = DeadlineFacts {
        fix_available: Some(day(105)),
        ..facts
    };
    assert_eq!(
        disclose(&DeadlineRule::project_zero(), &late, &AllDaysWork).at,
        day(104)
    );
    // A fix at the very end of the grace is in time: day 90 + 30.
    let last_minute = DeadlineFacts {
        fix_available: Some(day(104)),
        ..facts
    };
    assert_eq!(
        disclose(&DeadlineRule::project_zero(), &last_minute, &AllDaysWork).at,
        day(120)
    );
}

#[test]
fn project_zero_grace_needs_a_fix_expected_within_it() {
    let facts = DeadlineFacts {
        grace_requested: Some(day(85)),
        fix_expected_within_grace: false,
        fix_available: Some(day(100)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, day(90));
    assert!(!got.grace_granted);
}

#[test]
fn grace_requested_after_the_deadline_is_not_granted() {
    let facts = DeadlineFacts {
        grace_requested: Some(day(91)),
        fix_expected_within_grace: true,
        fix_available: Some(day(100)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 4, 6));
    assert_eq!(got.basis, DisclosureBasis::BaseDeadline);
    assert!(!got.grace_granted);
    // Asking at the deadline instant itself is too late too.
    let at_deadline = DeadlineFacts {
        grace_requested: Some(day(90)),
        ..facts
    };
    let got = disclose(&DeadlineRule::project_zero(), &at_deadline, &AllDaysWork);
    assert_eq!(got.at, day(90));
}

#[test]
fn project_zero_anchor_not_yet_happened_gives_no_date() {
    let facts = DeadlineFacts {
        first_contact_attempt: Some(t0()),
        ..DeadlineFacts::default()
    };
    assert_eq!(
        disclosure_date(&DeadlineRule::project_zero(), &facts, &AllDaysWork).unwrap(),
        None
    );
}

// --- In the wild ----------------------------------------------------------------

fn attacked_on_day_10() -> DeadlineFacts {
    DeadlineFacts {
        attacks_observed: Some(day(10)),
        ..reported()
    }
}

#[test]
fn in_the_wild_attacks_on_day_10_make_the_deadline_day_17() {
    let got = disclose(
        &DeadlineRule::project_zero(),
        &attacked_on_day_10(),
        &AllDaysWork,
    );
    assert_eq!(got.at, at(2025, 1, 23));
    assert_eq!(got.clock, Clock::InTheWild);
    assert_eq!(got.basis, DisclosureBasis::BaseDeadline);
}

#[test]
fn in_the_wild_grace_on_request_makes_it_day_20() {
    let facts = DeadlineFacts {
        grace_requested: Some(day(15)),
        fix_expected_within_grace: true,
        ..attacked_on_day_10()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 1, 26));
    assert_eq!(got.clock, Clock::InTheWild);
    assert_eq!(got.basis, DisclosureBasis::GraceDeadline);
    assert!(got.grace_granted);
}

#[test]
fn in_the_wild_grace_requested_after_day_17_is_not_granted() {
    let facts = DeadlineFacts {
        grace_requested: Some(day(18)),
        fix_expected_within_grace: true,
        ..attacked_on_day_10()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, day(17));
}

#[test]
fn in_the_wild_fix_within_7_days_keeps_the_30_day_window() {
    let facts = DeadlineFacts {
        fix_available: Some(day(12)),
        ..attacked_on_day_10()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 2, 17)); // day 42
    assert_eq!(got.basis, DisclosureBasis::FixPlusDays);
}

#[test]
fn in_the_wild_fix_within_its_grace_is_public_30_days_after_day_17() {
    let facts = DeadlineFacts {
        grace_requested: Some(day(15)),
        fix_expected_within_grace: true,
        fix_available: Some(day(19)),
        ..attacked_on_day_10()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 2, 22)); // day 47
    assert_eq!(got.clock, Clock::InTheWild);
    assert_eq!(got.basis, DisclosureBasis::DeadlinePlusDays);
}

#[test]
fn in_the_wild_clock_never_lengthens_the_deadline() {
    let facts = DeadlineFacts {
        attacks_observed: Some(day(85)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, day(90));
    assert_eq!(got.clock, Clock::Standard);
}

#[test]
fn attacks_seen_before_the_report_start_the_clock_at_the_report() {
    let facts = DeadlineFacts {
        attacks_observed: Some(day(-5)),
        ..reported()
    };
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 1, 13)); // day 7
}

// --- CERT/CC and ZDI ------------------------------------------------------------

#[test]
fn cert_cc_publishes_45_days_after_first_contact_with_or_without_a_fix() {
    let facts = DeadlineFacts {
        report_received: Some(day(-3)),
        first_contact_attempt: Some(t0()),
        ..DeadlineFacts::default()
    };
    let unfixed = disclose(&DeadlineRule::cert_cc(), &facts, &AllDaysWork);
    assert_eq!(unfixed.at, at(2025, 2, 20));
    assert_eq!(unfixed.basis, DisclosureBasis::BaseDeadline);
    let fixed = DeadlineFacts {
        fix_available: Some(day(10)),
        ..facts
    };
    assert_eq!(
        disclose(&DeadlineRule::cert_cc(), &fixed, &AllDaysWork).at,
        at(2025, 2, 20)
    );
    // Attacks do not change it: the policy names no in-the-wild period.
    let attacked = DeadlineFacts {
        attacks_observed: Some(day(1)),
        ..facts
    };
    assert_eq!(
        disclose(&DeadlineRule::cert_cc(), &attacked, &AllDaysWork).at,
        at(2025, 2, 20)
    );
    // No contact attempt yet: no date.
    assert_eq!(
        disclosure_date(&DeadlineRule::cert_cc(), &reported(), &AllDaysWork).unwrap(),
        None
    );
}

#[test]
fn zdi_counts_120_days_from_the_vendor_acknowledgement() {
    let facts = DeadlineFacts {
        report_received: Some(day(-10)),
        first_contact_attempt: Some(day(-10)),
        vendor_acknowledged: Some(t0()),
        ..DeadlineFacts::default()
    };
    assert_eq!(
        disclose(&DeadlineRule::zdi(), &facts, &AllDaysWork).at,
        at(2025, 5, 6)
    );
    let unanswered = DeadlineFacts {
        vendor_acknowledged: None,
        ..facts
    };
    assert_eq!(
        disclosure_date(&DeadlineRule::zdi(), &unanswered, &AllDaysWork).unwrap(),
        None
    );
}

/// Weekends off, plus Christmas Day and New Year's Day.
fn holidays() -> NonWorkingDays {
    NonWorkingDays::weekends().with_dates([date(2024, 12, 25), date(2025, 1, 1)])
}

fn ten_am(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()
}

#[test]
fn zdi_escalations_skip_weekends_and_supplied_holidays() {
    let first = ten_am(2024, 12, 19); // a Thursday
    let got = contact_escalations(&EscalationRule::zdi(), first, None, &holidays()).unwrap();
    assert_eq!(
        got,
        vec![
            Escalation {
                step: EscalationStep::SecondContact,
                at: ten_am(2024, 12, 27)
            },
            Escalation {
                step: EscalationStep::ContactIntermediary,
                at: ten_am(2025, 1, 6)
            },
            Escalation {
                step: EscalationStep::PublishAdvisory,
                at: ten_am(2025, 1, 13)
            },
        ]
    );
    // Without the holidays every step comes a day or two earlier.
    let plain = contact_escalations(
        &EscalationRule::zdi(),
        first,
        None,
        &NonWorkingDays::weekends(),
    )
    .unwrap();
    let times: Vec<_> = plain.iter().map(|e| e.at).collect();
    assert_eq!(
        times,
        [ten_am(2024, 12, 26), ten_am(2025, 1, 2), ten_am(2025, 1, 9)]
    );
}

#[test]
fn zdi_acknowledgement_cancels_later_escalations() {
    let first = ten_am(2024, 12, 19);
    let rule = EscalationRule::zdi();
    let after_second =
        contact_escalations(&rule, first, Some(ten_am(2024, 12, 30)), &holidays()).unwrap();
    assert_eq!(
        after_second,
        vec![Escalation {
            step: EscalationStep::SecondContact,
            at: ten_am(2024, 12, 27)
        }]
    );
    let early = contact_escalations(&rule, first, Some(ten_am(2024, 12, 20)), &holidays()).unwrap();
    assert!(early.is_empty());
    // An acknowledgement at the very instant the second contact falls due is in time.
    let on_time =
        contact_escalations(&rule, first, Some(ten_am(2024, 12, 27)), &holidays()).unwrap();
    assert!(on_time.is_empty());
}

// --- linux-distros -----------------------------------------------------------------

#[test]
fn linux_distros_embargo_lengths() {
    let rule = DeadlineRule::linux_distros();
    let fit = |days| rule.embargo_fit(t0(), day(days)).unwrap();
    assert_eq!(fit(5), EmbargoFit::Preferred);
    assert_eq!(
        rule.embargo_fit(t0(), day(7) - TimeDelta::hours(1))
            .unwrap(),
        EmbargoFit::Preferred
    );
    assert_eq!(fit(7), EmbargoFit::Acceptable);
    assert_eq!(fit(14), EmbargoFit::Acceptable);
    assert_eq!(
        rule.embargo_fit(t0(), day(14) + TimeDelta::minutes(1))
            .unwrap(),
        EmbargoFit::TooLong
    );
    assert!(matches!(
        rule.embargo_fit(t0(), t0()),
        Err(DeadlineError::EmptyEmbargo { .. })
    ));
    // Rules without embargo lengths accept any embargo.
    assert_eq!(
        DeadlineRule::project_zero()
            .embargo_fit(t0(), day(400))
            .unwrap(),
        EmbargoFit::Acceptable
    );
}

#[test]
fn linux_distros_public_fix_ends_the_embargo_at_once() {
    let rule = DeadlineRule::linux_distros();
    assert_eq!(
        disclose(&rule, &reported(), &AllDaysWork).at,
        at(2025, 1, 20)
    );
    let pushed = DeadlineFacts {
        fix_available: Some(day(3)),
        ..reported()
    };
    let got = disclose(&rule, &pushed, &AllDaysWork);
    assert_eq!(got.at, at(2025, 1, 9));
    assert_eq!(got.basis, DisclosureBasis::FixPlusDays);
}

// --- The capped 90+30 variant, rolling and caps ---------------------------------------

#[test]
fn capped_150_grace_fix_on_day_100_is_public_30_days_after_the_fix() {
    let facts = DeadlineFacts {
        grace_requested: Some(day(80)),
        fix_available: Some(day(100)),
        ..reported()
    };
    let got = disclose(
        &DeadlineRule::capped_150(),
        &facts,
        &NonWorkingDays::weekends(),
    );
    assert_eq!(got.at, at(2025, 5, 16)); // day 130, a Friday
    assert_eq!(got.basis, DisclosureBasis::FixPlusDays);
    assert!(got.grace_granted);
}

#[test]
fn a_deadline_on_saturday_rolls_to_monday_and_past_a_monday_holiday() {
    // Reported Sunday 2025-01-12: day 90 is Saturday 2025-04-12.
    let facts = DeadlineFacts {
        report_received: Some(at(2025, 1, 12)),
        ..DeadlineFacts::default()
    };
    let rule = DeadlineRule::capped_150();
    let got = disclose(&rule, &facts, &NonWorkingDays::weekends());
    assert_eq!(got.at, at(2025, 4, 14));
    assert_eq!(got.basis, DisclosureBasis::BaseDeadline);
    assert_eq!(got.rolled_from, Some(at(2025, 4, 12)));

    let monday_off = NonWorkingDays::weekends().with_date(date(2025, 4, 14));
    let got = disclose(&rule, &facts, &monday_off);
    assert_eq!(got.at, at(2025, 4, 15));
    assert_eq!(got.rolled_from, Some(at(2025, 4, 12)));

    // Every day works: nothing moves.
    let got = disclose(&rule, &facts, &AllDaysWork);
    assert_eq!(got.at, at(2025, 4, 12));
    assert_eq!(got.rolled_from, None);
}

#[test]
fn a_rolled_deadline_moves_the_fix_and_request_cut_off_too() {
    // Day 90 is Sunday 2025-04-06 09:00, rolled to Monday: a fix and a grace
    // request on Sunday afternoon are before the deadline.
    let sunday_afternoon = at(2025, 4, 6) + TimeDelta::hours(6);
    let calendar = NonWorkingDays::weekends();
    let fixed = DeadlineFacts {
        fix_available: Some(sunday_afternoon),
        ..reported()
    };
    let got = disclose(&DeadlineRule::capped_150(), &fixed, &calendar);
    // 30 days after Sunday 15:00 is Tuesday 2025-05-06 15:00.
    assert_eq!(got.at, Utc.with_ymd_and_hms(2025, 5, 6, 15, 0, 0).unwrap());
    assert_eq!(got.basis, DisclosureBasis::FixPlusDays);

    let asked = DeadlineFacts {
        grace_requested: Some(sunday_afternoon),
        ..reported()
    };
    let got = disclose(&DeadlineRule::capped_150(), &asked, &calendar);
    // Granted: day 104 is Sunday 2025-04-20, rolled to Monday 2025-04-21.
    assert_eq!(got.basis, DisclosureBasis::GraceDeadline);
    assert_eq!(got.at, at(2025, 4, 21));
}

#[test]
fn the_150_day_cap_binds() {
    // The variant with a 60-day window after the fix: a fix on day 100 would make
    // it day 160; the cap stops it at day 150 (Thursday 2025-06-05).
    let rule = DeadlineRule {
        after_fix: Some(Span::calendar_days(60)),
        ..DeadlineRule::capped_150()
    };
    let facts = DeadlineFacts {
        grace_requested: Some(day(80)),
        fix_available: Some(day(100)),
        ..reported()
    };
    let got = disclose(&rule, &facts, &NonWorkingDays::weekends());
    assert_eq!(got.at, at(2025, 6, 5));
    assert_eq!(got.basis, DisclosureBasis::Capped);
    assert_eq!(got.rolled_from, None);
    // A cap on a holiday rolls like any deadline.
    let closed = NonWorkingDays::weekends().with_date(date(2025, 6, 5));
    let got = disclose(&rule, &facts, &closed);
    assert_eq!(got.at, at(2025, 6, 6));
    assert_eq!(got.basis, DisclosureBasis::Capped);
}

#[test]
fn the_cap_alone_gives_a_date_when_only_a_fix_would() {
    let rule = DeadlineRule {
        anchor: Anchor::ReportReceived,
        base: None,
        after_fix: Some(Span::calendar_days(30)),
        grace: None,
        in_the_wild: None,
        cap: Some(Span::calendar_days(150)),
        roll_to_working_day: false,
        max_embargo_days: None,
        preferred_embargo_days: None,
    };
    let got = disclose(&rule, &reported(), &AllDaysWork);
    assert_eq!(
        (got.at, got.basis),
        (at(2025, 6, 5), DisclosureBasis::Capped)
    );
    let fixed = DeadlineFacts {
        fix_available: Some(day(10)),
        ..reported()
    };
    assert_eq!(disclose(&rule, &fixed, &AllDaysWork).at, at(2025, 2, 15));
    // Without the cap, no fix means no date yet.
    let uncapped = DeadlineRule { cap: None, ..rule };
    assert_eq!(
        disclosure_date(&uncapped, &reported(), &AllDaysWork).unwrap(),
        None
    );
}

#[test]
fn business_day_periods_count_on_the_calendar() {
    // 10 business days from Thursday 2024-12-19 10:00 with the holidays: Fri 20,
    // Mon 23, Tue 24, Thu 26, Fri 27, Mon 30, Tue 31, Thu 2, Fri 3, Mon 6.
    let rule = DeadlineRule {
        anchor: Anchor::FirstContactAttempt,
        base: Some(Span::business_days(10)),
        ..DeadlineRule::cert_cc()
    };
    let facts = DeadlineFacts {
        first_contact_attempt: Some(ten_am(2024, 12, 19)),
        ..DeadlineFacts::default()
    };
    assert_eq!(disclose(&rule, &facts, &holidays()).at, ten_am(2025, 1, 6));
    assert_eq!(
        disclose(&rule, &facts, &AllDaysWork).at,
        ten_am(2024, 12, 29)
    );
}

// --- Calendar helpers and range limits ------------------------------------------------

#[test]
fn calendar_helpers() {
    let cal = holidays();
    assert!(!cal.is_working_day(date(2024, 12, 25)));
    assert!(!cal.is_working_day(date(2024, 12, 28)));
    assert!(cal.is_working_day(date(2024, 12, 24)));
    assert_eq!(
        next_working_day(&cal, date(2024, 12, 24)).unwrap(),
        date(2024, 12, 24)
    );
    assert_eq!(
        next_working_day(&cal, date(2024, 12, 28)).unwrap(),
        date(2024, 12, 30)
    );
    assert_eq!(
        add_business_days(&cal, date(2024, 12, 20), 0).unwrap(),
        date(2024, 12, 20)
    );
    // Zero days from a holiday is the holiday itself.
    assert_eq!(
        add_business_days(&cal, date(2024, 12, 25), 0).unwrap(),
        date(2024, 12, 25)
    );
    // From a Saturday, Monday is the first business day.
    assert_eq!(
        add_business_days(&cal, date(2024, 12, 28), 1).unwrap(),
        date(2024, 12, 30)
    );
    assert_eq!(
        add_business_days(&cal, date(2024, 12, 31), 1).unwrap(),
        date(2025, 1, 2)
    );
    assert_eq!(
        add_calendar_days(date(2024, 12, 31), 1).unwrap(),
        date(2025, 1, 1)
    );
    let no_weekends = NonWorkingDays {
        weekends: false,
        dates: [date(2024, 12, 25)].into(),
    };
    assert!(no_weekends.is_working_day(date(2024, 12, 28)));
    assert!(!no_weekends.is_working_day(date(2024, 12, 25)));
}

#[test]
fn a_calendar_without_working_days_is_an_error() {
    assert_eq!(
        next_working_day(&NeverWorks, date(2025, 1, 1)),
        Err(CalendarError::NoWorkingDay {
            from: date(2025, 1, 1),
            searched: MAX_SEARCH_DAYS
        })
    );
    assert!(matches!(
        add_business_days(&NeverWorks, date(2025, 1, 1), 1),
        Err(CalendarError::NoWorkingDay { .. })
    ));
    let err = disclosure_date(&DeadlineRule::capped_150(), &reported(), &NeverWorks).unwrap_err();
    assert!(
        matches!(
            err,
            DeadlineError::Calendar(CalendarError::NoWorkingDay { .. })
        ),
        "{err}"
    );
    let err = contact_escalations(&EscalationRule::zdi(), t0(), None, &NeverWorks).unwrap_err();
    assert!(matches!(err, DeadlineError::Calendar(_)), "{err}");
    // A whole leap year of holidays (366 days) still finds the day after; one
    // more closed day is beyond the search.
    let year: Vec<_> = date(2024, 1, 1).iter_days().take(366).collect();
    let closed = NonWorkingDays::default().with_dates(year);
    assert_eq!(
        next_working_day(&closed, date(2024, 1, 1)).unwrap(),
        date(2025, 1, 1)
    );
    let closed = closed.with_date(date(2025, 1, 1));
    assert_eq!(
        next_working_day(&closed, date(2024, 1, 1)),
        Err(CalendarError::NoWorkingDay {
            from: date(2024, 1, 1),
            searched: 366
        })
    );
}

#[test]
fn dates_near_the_end_of_chrono_range_are_errors_not_panics() {
    let last = NaiveDate::MAX;
    let near_end = (last - Days::new(10))
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc();
    let facts = DeadlineFacts {
        report_received: Some(near_end),
        first_contact_attempt: Some(near_end),
        ..DeadlineFacts::default()
    };
    for rule in [
        DeadlineRule::project_zero(),
        DeadlineRule::cert_cc(),
        DeadlineRule::capped_150(),
        DeadlineRule::linux_distros(),
    ] {
        let err = disclosure_date(&rule, &facts, &NonWorkingDays::weekends()).unwrap_err();
        assert!(matches!(err, DeadlineError::OutOfRange { .. }), "{err}");
        assert!(err.to_string().contains("beyond"), "{err}");
    }
    let max = DateTime::<Utc>::MAX_UTC;
    let facts = DeadlineFacts {
        report_received: Some(max),
        ..DeadlineFacts::default()
    };
    let err = disclosure_date(&DeadlineRule::project_zero(), &facts, &AllDaysWork).unwrap_err();
    assert!(matches!(err, DeadlineError::OutOfRange { .. }));
    let err = contact_escalations(&EscalationRule::zdi(), near_end, None, &holidays()).unwrap_err();
    assert!(matches!(err, DeadlineError::OutOfRange { .. }), "{err}");
    assert!(matches!(
        add_business_days(&NonWorkingDays::weekends(), last - Days::new(3), 10),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        add_calendar_days(last, 1),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        next_working_day(&NeverWorks, last - Days::new(10)),
        Err(CalendarError::OutOfRange { .. })
    ));
    // Rolling at the very last date: if it does not work, there is no next day.
    let rule = DeadlineRule {
        anchor: Anchor::FixAvailable,
        base: Some(Span::calendar_days(1)),
        roll_to_working_day: true,
        ..DeadlineRule::cert_cc()
    };
    let facts = DeadlineFacts {
        fix_available: Some(
            (last - Days::new(1))
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc(),
        ),
        ..DeadlineFacts::default()
    };
    let err = disclosure_date(&rule, &facts, &NeverWorks).unwrap_err();
    assert!(matches!(err, DeadlineError::OutOfRange { .. }), "{err}");
}

// --- Serialised form ------------------------------------------------------------------

fn presets() -> Vec<(&'static str, DeadlineRule)> {
    vec![
        ("cert_cc", DeadlineRule::cert_cc()),
        ("project_zero", DeadlineRule::project_zero()),
        ("zdi", DeadlineRule::zdi()),
        ("linux_distros", DeadlineRule::linux_distros()),
        ("capped_150", DeadlineRule::capped_150()),
    ]
}

#[test]
fn every_preset_is_valid_and_round_trips() {
    for (name, rule) in presets() {
        rule.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        let json = serde_json::to_string(&rule).unwrap();
        let back: DeadlineRule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rule, "{name}: {json}");
    }
    let zdi = EscalationRule::zdi();
    let back: EscalationRule = serde_json::from_str(&serde_json::to_string(&zdi).unwrap()).unwrap();
    assert_eq!(back, zdi);
}

#[test]
fn presets_read_from_hand_written_json() {
    let cert: DeadlineRule =
        serde_json::from_str(r#"{"anchor": "first_contact_attempt", "base": {"days": 45}}"#)
            .unwrap();
    assert_eq!(cert, DeadlineRule::cert_cc());
    assert_eq!(
        serde_json::to_value(DeadlineRule::cert_cc()).unwrap(),
        serde_json::json!({
            "anchor": "first_contact_attempt",
            "base": {"days": 45, "counting": "calendar_days"},
            "roll_to_working_day": false
        })
    );
    let p0: DeadlineRule = serde_json::from_str(
        r#"{
            "anchor": "report_received",
            "base": {"days": 90},
            "after_fix": {"days": 30},
            "grace": {"days": 14, "requires_fix_commitment": true, "fix_window": "from_deadline"},
            "in_the_wild": {
                "period": {"days": 7},
                "grace": {"days": 3, "requires_fix_commitment": true, "fix_window": "from_deadline"}
            }
        }"#,
    )
    .unwrap();
    assert_eq!(p0, DeadlineRule::project_zero());
    let capped: DeadlineRule = serde_json::from_str(
        r#"{
            "anchor": "report_received",
            "base": {"days": 90, "counting": "calendar_days"},
            "after_fix": {"days": 30},
            "grace": {"days": 14},
            "cap": {"days": 150},
            "roll_to_working_day": true
        }"#,
    )
    .unwrap();
    assert_eq!(capped, DeadlineRule::capped_150());
    let distros: DeadlineRule = serde_json::from_str(
        r#"{"anchor": "report_received", "base": {"days": 14}, "after_fix": {"days": 0},
            "max_embargo_days": 14, "preferred_embargo_days": 7}"#,
    )
    .unwrap();
    assert_eq!(distros, DeadlineRule::linux_distros());
    let zdi: DeadlineRule =
        serde_json::from_str(r#"{"anchor": "vendor_acknowledged", "base": {"days": 120}}"#)
            .unwrap();
    assert_eq!(zdi, DeadlineRule::zdi());
    let escalation: EscalationRule = serde_json::from_str(
        r#"{"second_contact": {"days": 5, "counting": "business_days"},
            "intermediary": {"days": 5, "counting": "business_days"},
            "advisory": {"days": 15, "counting": "business_days"}}"#,
    )
    .unwrap();
    assert_eq!(escalation, EscalationRule::zdi());
}

#[test]
fn facts_calendars_and_disclosures_round_trip() {
    let facts = DeadlineFacts {
        grace_requested: Some(day(85)),
        fix_expected_within_grace: true,
        attacks_observed: Some(day(10)),
        ..reported()
    };
    let json = serde_json::to_string(&facts).unwrap();
    assert_eq!(serde_json::from_str::<DeadlineFacts>(&json).unwrap(), facts);
    assert_eq!(
        serde_json::from_str::<DeadlineFacts>(r#"{"report_received": "2025-01-06T09:00:00Z"}"#)
            .unwrap(),
        reported()
    );
    let cal = holidays();
    let json = serde_json::to_string(&cal).unwrap();
    assert_eq!(
        json,
        r#"{"weekends":true,"dates":["2024-12-25","2025-01-01"]}"#
    );
    assert_eq!(serde_json::from_str::<NonWorkingDays>(&json).unwrap(), cal);
    assert_eq!(
        serde_json::from_str::<NonWorkingDays>(r#"{"weekends": true}"#).unwrap(),
        NonWorkingDays::weekends()
    );
    let got = disclose(&DeadlineRule::project_zero(), &facts, &AllDaysWork);
    let json = serde_json::to_string(&got).unwrap();
    assert_eq!(serde_json::from_str::<Disclosure>(&json).unwrap(), got);
}

fn rule_error(json: &str) -> String {
    serde_json::from_str::<DeadlineRule>(json)
        .unwrap_err()
        .to_string()
}

#[test]
fn invalid_rules_are_refused_naming_the_field() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"anchor": "report_received", "base": {"days": 90}, "cap": {"days": 60}}"#,
            "`cap`",
        ),
        (
            r#"{"anchor": "report_received", "base": {"days": 0}}"#,
            "`base.days`",
        ),
        (
            r#"{"anchor": "report_received", "after_fix": {"days": 30}, "grace": {"days": 14}}"#,
            "`grace`",
        ),
        (
            r#"{"anchor": "report_received", "base": {"days": 90}, "grace": {"days": 0}}"#,
            "`grace.days`",
        ),
        (
            r#"{"anchor": "report_received", "base": {"days": 90}, "cap": {"days": 0}}"#,
            "`cap.days`",
        ),
        (
            r#"{"anchor": "report_received", "base": {"days": 7}, "in_the_wild": {"period": {"days": 7}}}"#,
            "`in_the_wild.period.days`",
        ),
        (
            r#"{"anchor": "report_received", "base": {"days": 90}, "in_the_wild": {"period": {"days": 7}, "grace": {"days": 0}}}"#,
            "`in_the_wild.grace.days`",
        ),
        (
            r#"{"anchor": "report_received", "roll_to_working_day": true}"#,
            "`base`",
        ),
        (
            r#"{"anchor": "report_received", "base": {"days": 14}, "max_embargo_days": 7, "preferred_embargo_days": 10}"#,
            "`preferred_embargo_days`",
        ),
        (
            r#"{"anchor": "report_received", "base": {"days": 14}, "max_embargo_days": 0}"#,
            "`max_embargo_days`",
        ),
        (
            r#"{"anchor": "report_received", "base": {"days": 4000000000}}"#,
            "`base.days`",
        ),
    ];
    for (json, field) in cases {
        let message = rule_error(json);
        assert!(message.contains(field), "{json}: {message}");
        assert!(message.contains("invalid rule"), "{json}: {message}");
    }
    // The same checks apply to rules built in code, before any arithmetic.
    let rule = DeadlineRule {
        cap: Some(Span::calendar_days(60)),
        ..DeadlineRule::project_zero()
    };
    let err = rule.validate().unwrap_err();
    assert_eq!(err.field(), "cap");
    assert_eq!(
        err.to_string(),
        "invalid rule: `cap` of 60 days is below the base period of 90 days"
    );
    assert!(matches!(
        disclosure_date(&rule, &reported(), &AllDaysWork),
        Err(DeadlineError::InvalidRule(_))
    ));
    // A business-day base longer than a calendar-day cap is refused too; the other
    // way round cannot be judged without a calendar and is allowed.
    let mixed = DeadlineRule {
        base: Some(Span::business_days(90)),
        cap: Some(Span::calendar_days(80)),
        ..DeadlineRule::cert_cc()
    };
    assert_eq!(mixed.validate().unwrap_err().field(), "cap");
    let mixed = DeadlineRule {
        base: Some(Span::calendar_days(90)),
        cap: Some(Span::business_days(80)),
        ..DeadlineRule::cert_cc()
    };
    assert!(mixed.validate().is_ok());
}

#[test]
fn invalid_escalation_rules_are_refused() {
    let message = serde_json::from_str::<EscalationRule>(
        r#"{"second_contact": {"days": 5}, "intermediary": {"days": 5}, "advisory": {"days": 10}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(message.contains("`advisory.days`"), "{message}");
    let message = serde_json::from_str::<EscalationRule>(
        r#"{"second_contact": {"days": 0}, "intermediary": {"days": 5}, "advisory": {"days": 15}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(message.contains("`second_contact.days`"), "{message}");
    let rule = EscalationRule {
        intermediary: Span::business_days(0),
        ..EscalationRule::zdi()
    };
    assert!(matches!(
        contact_escalations(&rule, t0(), None, &AllDaysWork),
        Err(DeadlineError::InvalidRule(_))
    ));
}

#[test]
fn unknown_fields_are_refused() {
    let refused = [
        serde_json::from_str::<DeadlineRule>(
            r#"{"anchor": "report_received", "base": {"days": 90}, "grace_days": 14}"#,
        )
        .map(drop),
        serde_json::from_str::<DeadlineRule>(
            r#"{"anchor": "report_received", "base": {"days": 90, "weeks": 1}}"#,
        )
        .map(drop),
        serde_json::from_str::<DeadlineRule>(
            r#"{"anchor": "report_received", "base": {"days": 90}, "grace": {"days": 14, "granted": true}}"#,
        )
        .map(drop),
        serde_json::from_str::<DeadlineRule>(
            r#"{"anchor": "report_received", "base": {"days": 90}, "in_the_wild": {"period": {"days": 7}, "days": 7}}"#,
        )
        .map(drop),
        serde_json::from_str::<DeadlineRule>(r#"{"anchor": "patch_released", "base": {"days": 90}}"#)
            .map(drop),
        serde_json::from_str::<DeadlineFacts>(r#"{"reported": "2025-01-06T09:00:00Z"}"#).map(drop),
        serde_json::from_str::<NonWorkingDays>(r#"{"weekends": true, "holidays": []}"#).map(drop),
        serde_json::from_str::<EscalationRule>(
            r#"{"second_contact": {"days": 5}, "intermediary": {"days": 5}, "advisory": {"days": 15}, "fourth": {"days": 1}}"#,
        )
        .map(drop),
    ];
    for (i, result) in refused.iter().enumerate() {
        let err = result.as_ref().expect_err("refused");
        assert!(err.to_string().contains("unknown"), "case {i}: {err}");
    }
}

/// The calendar's days without its shortcut: [`add_business_days`] must count
/// these one by one.
struct DayByDay<'a>(&'a NonWorkingDays);

impl Calendar for DayByDay<'_> {
    fn is_working_day(&self, date: NaiveDate) -> bool {
        self.0.is_working_day(date)
    }
}

fn cases() -> u32 {
    std::env::var("MPCVD_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(cases()))]
    /// `NonWorkingDays`' week-at-a-time shortcut gives what counting each day
    /// gives: the same date, or the same error, for any start, count, weekend
    /// setting and holiday list (clustered near the start so that the spans meet
    /// them, and sometimes long enough to make the day-by-day count give up).
    #[test]
    fn business_days_shortcut_matches_counting_each_day(
        start in -400_i64..400,
        days in 0_u32..900,
        weekends in proptest::bool::ANY,
        holidays in proptest::collection::btree_set(0_u64..1400, 0..40),
        run in proptest::option::of(300_u64..420),
    ) {
        let base = date(2025, 1, 1);
        let from = base.checked_add_signed(TimeDelta::days(start)).unwrap();
        let mut calendar = NonWorkingDays { weekends, dates: Default::default() };
        for h in &holidays {
            calendar.dates.insert(from + Days::new(*h));
        }
        if let Some(length) = run {
            for d in 0..length {
                calendar.dates.insert(from + Days::new(3 + d));
            }
        }
        proptest::prop_assert_eq!(
            add_business_days(&calendar, from, days),
            add_business_days(&DayByDay(&calendar), from, days)
        );
    }
}

#[test]
fn business_days_shortcut_near_the_end_of_chrono_s_range() {
    let last = NaiveDate::MAX;
    for weekends in [false, true] {
        let calendar = NonWorkingDays {
            weekends,
            dates: [last - Days::new(5)].into_iter().collect(),
        };
        for back in 0..12_u64 {
            for days in 0..12 {
                let from = last - Days::new(back);
                assert_eq!(
                    add_business_days(&calendar, from, days),
                    add_business_days(&DayByDay(&calendar), from, days),
                    "{from} + {days}"
                );
            }
        }
    }
}
