//! Disclosure deadlines as data: when a coordinator's published policy allows the
//! details of a vulnerability to become public, and when to escalate an unanswered
//! contact.
//!
//! A [`DeadlineRule`] says which event starts the clock (the [`Anchor`]), how long
//! the vendor has to fix, what happens after a fix, whether a grace period can be
//! granted, how exploitation in the wild shortens the clock, and an overall cap.
//! [`DeadlineFacts`] are the instants the caller knows. [`disclosure_date`] combines
//! them with a caller-supplied [`Calendar`] into a [`Disclosure`]: the instant
//! publication is allowed and why. Nothing here reads a clock: every instant is
//! passed in, and every addition is checked, so an instant beyond chrono's range is
//! a [`DeadlineError::OutOfRange`], never a panic.
//!
//! Presets restate published policies (summarised in the project's
//! `spec/coordinator-rules.md`, "Disclosure deadline policies"):
//! [`DeadlineRule::cert_cc`], [`DeadlineRule::project_zero`], [`DeadlineRule::zdi`]
//! with [`EscalationRule::zdi`], [`DeadlineRule::linux_distros`] and
//! [`DeadlineRule::capped_150`]. `docs/policies.md` tabulates them.
//!
//! # How a date is computed
//! Let `A` be the anchor's instant (no anchor yet: no date, `Ok(None)`).
//! 1. **Base deadline** `D = A + base`. Calendar days keep the time of day; business
//!    days count working days of the calendar from `A`'s UTC date, keeping the time.
//! 2. **Grace**: granted when the vendor's request came strictly before `D` (and,
//!    if the grace [`requires_fix_commitment`](Grace::requires_fix_commitment),
//!    the caller states a fix is expected within it); the fix deadline becomes
//!    `G = D + grace`.
//! 3. **After a fix** (rules with `after_fix`): a fix at `F <= D` makes the date
//!    `F + after_fix`; a fix within a granted grace (`D < F <= G`) makes it
//!    `F + after_fix` or `D + after_fix` ([`GraceFixWindow`]). Without a fix by the
//!    fix deadline, the date is `D` (or `G`). Rules without `after_fix` ignore
//!    fixes: the date is `D` (or `G`) with or without one.
//! 4. **In the wild**: once attacks are observed, a second clock runs the same
//!    steps from the later of `A` and the observation, with the in-the-wild period
//!    and grace; the earlier of the two clocks wins.
//! 5. **Cap**: the date is at most `A + cap`.
//! 6. **Roll**: with `roll_to_working_day`, every deadline that falls on a
//!    non-working day moves to the next working day (same time of day): the fix
//!    deadlines a fix or grace request is compared with, and the final date. The
//!    cap is applied before the final roll, so a rolled date can pass the cap by
//!    the non-working days it skipped.
//!
//! # Example
//! ```
//! use chrono::{TimeZone, Utc};
//! use mpcvd::calendar::AllDaysWork;
//! use mpcvd::deadline::{disclosure_date, DeadlineFacts, DeadlineRule, DisclosureBasis};
//!
//! let reported = Utc.with_ymd_and_hms(2024, 1, 10, 9, 0, 0).unwrap();
//! let fixed = Utc.with_ymd_and_hms(2024, 2, 26, 9, 0, 0).unwrap(); // day 47
//! let facts = DeadlineFacts {
//!     report_received: Some(reported),
//!     fix_available: Some(fixed),
//!     ..DeadlineFacts::default()
//! };
//! let disclosure = disclosure_date(&DeadlineRule::project_zero(), &facts, &AllDaysWork)?
//!     .expect("the report was received");
//! assert_eq!(disclosure.at, Utc.with_ymd_and_hms(2024, 3, 27, 9, 0, 0).unwrap()); // day 77
//! assert_eq!(disclosure.basis, DisclosureBasis::FixPlusDays);
//! # Ok::<(), mpcvd::deadline::DeadlineError>(())
//! ```

use chrono::{DateTime, Days, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::{self, Calendar, CalendarError};

/// The longest period a rule may name, in days (about a century). Longer periods
/// are refused when a rule is validated.
pub const MAX_PERIOD_DAYS: u32 = 36_525;

/// The event a deadline counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Anchor {
    /// The vendor (or the list, for linux-distros) received the report.
    ReportReceived,
    /// The coordinator first tried to contact the vendor, answered or not.
    FirstContactAttempt,
    /// The vendor acknowledged the report.
    VendorAcknowledged,
    /// A fix became available to users.
    FixAvailable,
}

impl Anchor {
    /// This anchor's instant in `facts`, if it has happened.
    #[must_use]
    pub fn instant(self, facts: &DeadlineFacts) -> Option<DateTime<Utc>> {
        match self {
            Self::ReportReceived => facts.report_received,
            Self::FirstContactAttempt => facts.first_contact_attempt,
            Self::VendorAcknowledged => facts.vendor_acknowledged,
            Self::FixAvailable => facts.fix_available,
        }
    }
}

/// How the days of a [`Span`] are counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// Every day counts (the default).
    #[default]
    CalendarDays,
    /// Only the calendar's working days count.
    BusinessDays,
}

/// A length of time in days: `{"days": 90}` or
/// `{"days": 5, "counting": "business_days"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// How many days.
    pub days: u32,
    /// How they are counted (calendar days when left out).
    #[serde(default)]
    pub counting: Counting,
}

impl Span {
    /// `days` calendar days.
    #[must_use]
    pub const fn calendar_days(days: u32) -> Self {
        Self {
            days,
            counting: Counting::CalendarDays,
        }
    }

    /// `days` business days.
    #[must_use]
    pub const fn business_days(days: u32) -> Self {
        Self {
            days,
            counting: Counting::BusinessDays,
        }
    }

    /// The instant this span after `start`, at the same time of day. Business days
    /// are counted on `calendar` from `start`'s UTC date (see
    /// [`calendar::add_business_days`]); calendar days ignore it.
    ///
    /// # Errors
    /// - [`DeadlineError::OutOfRange`] if the result is beyond chrono's range.
    /// - [`DeadlineError::Calendar`] if the calendar has no working day within
    ///   [`calendar::MAX_SEARCH_DAYS`] days.
    pub fn after(
        self,
        start: DateTime<Utc>,
        calendar: &dyn Calendar,
    ) -> Result<DateTime<Utc>, DeadlineError> {
        let out_of_range = DeadlineError::OutOfRange {
            from: start,
            days: self.days,
        };
        match self.counting {
            Counting::CalendarDays => start
                .checked_add_days(Days::new(u64::from(self.days)))
                .ok_or(out_of_range),
            Counting::BusinessDays => {
                let date = calendar::add_business_days(calendar, start.date_naive(), self.days)
                    .map_err(|error| lift(error, out_of_range))?;
                Ok(date.and_time(start.time()).and_utc())
            }
        }
    }
}

/// Where the after-fix window starts when the fix lands within a granted grace.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GraceFixWindow {
    /// From the fix, as for a fix within the base period (the default).
    #[default]
    FromFix,
    /// From the base deadline: the grace uses up part of the window (Project Zero:
    /// fixed within the grace, public on day 90 + 30 = 120).
    FromDeadline,
}

/// An extension of the fix deadline, granted only when requested before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grace {
    /// How many days the fix deadline moves (at least 1).
    pub days: u32,
    /// How they are counted (calendar days when left out).
    #[serde(default)]
    pub counting: Counting,
    /// Whether the grace needs the caller's statement that a fix is expected within
    /// it ([`DeadlineFacts::fix_expected_within_grace`]). Defaults to `false`.
    #[serde(default)]
    pub requires_fix_commitment: bool,
    /// Where the after-fix window starts for a fix within the grace.
    #[serde(default)]
    pub fix_window: GraceFixWindow,
}

impl Grace {
    /// The grace's length as a [`Span`].
    #[must_use]
    pub const fn span(&self) -> Span {
        Span {
            days: self.days,
            counting: self.counting,
        }
    }
}

/// The shorter clock that runs once attacks are observed in the wild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InTheWild {
    /// The fix period once attacks are observed (0: publication allowed at once).
    pub period: Span,
    /// The grace available on this clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace: Option<Grace>,
}

/// A disclosure deadline policy. Validated when deserialised and by
/// [`disclosure_date`]; see the [module docs](self) for how the fields combine.
///
/// Serialised with snake_case names; optional fields may be left out; unknown
/// fields are refused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RuleFields")]
pub struct DeadlineRule {
    /// The event the clock starts at.
    pub anchor: Anchor,
    /// The time the vendor has to fix, from the anchor (at least 1 day). `None`:
    /// no deadline without a fix (then `after_fix`, `in_the_wild` or `cap` must be
    /// set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Span>,
    /// Publication this long after a fix made by the fix deadline (0: as soon as a
    /// fix is available). `None`: fixes do not change the date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_fix: Option<Span>,
    /// The grace a vendor can obtain by asking before the base deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grace: Option<Grace>,
    /// The shorter clock for vulnerabilities exploited in the wild.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_the_wild: Option<InTheWild>,
    /// The latest date, counted from the anchor (not below `base`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<Span>,
    /// Whether a deadline on a non-working day moves to the next working day.
    pub roll_to_working_day: bool,
    /// The longest acceptable embargo, in days (see [`DeadlineRule::embargo_fit`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_embargo_days: Option<u32>,
    /// Embargoes shorter than this many days are preferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_embargo_days: Option<u32>,
}

/// The wire form of [`DeadlineRule`] before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFields {
    anchor: Anchor,
    #[serde(default)]
    base: Option<Span>,
    #[serde(default)]
    after_fix: Option<Span>,
    #[serde(default)]
    grace: Option<Grace>,
    #[serde(default)]
    in_the_wild: Option<InTheWild>,
    #[serde(default)]
    cap: Option<Span>,
    #[serde(default)]
    roll_to_working_day: bool,
    #[serde(default)]
    max_embargo_days: Option<u32>,
    #[serde(default)]
    preferred_embargo_days: Option<u32>,
}

impl TryFrom<RuleFields> for DeadlineRule {
    type Error = RuleError;

    fn try_from(fields: RuleFields) -> Result<Self, RuleError> {
        let rule = Self {
            anchor: fields.anchor,
            base: fields.base,
            after_fix: fields.after_fix,
            grace: fields.grace,
            in_the_wild: fields.in_the_wild,
            cap: fields.cap,
            roll_to_working_day: fields.roll_to_working_day,
            max_embargo_days: fields.max_embargo_days,
            preferred_embargo_days: fields.preferred_embargo_days,
        };
        rule.validate()?;
        Ok(rule)
    }
}

/// A rule that does not make sense, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error)]
#[error("invalid rule: `{field}` {problem}")]
pub struct RuleError {
    field: &'static str,
    problem: String,
}

impl RuleError {
    fn new(field: &'static str, problem: impl Into<String>) -> Self {
        Self {
            field,
            problem: problem.into(),
        }
    }

    /// The field at fault, as a path of serialised names (`"grace.days"`).
    #[must_use]
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// What is wrong with it.
    #[must_use]
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

/// Refuses `days` below `min` or above [`MAX_PERIOD_DAYS`].
fn check_days(field: &'static str, days: u32, min: u32) -> Result<(), RuleError> {
    if days < min {
        return Err(RuleError::new(
            field,
            format!("must be at least {min} (got {days})"),
        ));
    }
    if days > MAX_PERIOD_DAYS {
        return Err(RuleError::new(
            field,
            format!("must be at most {MAX_PERIOD_DAYS} (got {days})"),
        ));
    }
    Ok(())
}

/// Whether `shorter` is surely fewer days than `longer` would be: the same counting,
/// or calendar days against business days (N business days are at least N days).
fn surely_shorter(shorter: Span, longer: Span) -> bool {
    let comparable = shorter.counting == longer.counting
        || (shorter.counting == Counting::CalendarDays
            && longer.counting == Counting::BusinessDays);
    comparable && shorter.days < longer.days
}

impl DeadlineRule {
    /// Checks that the rule makes sense.
    ///
    /// # Errors
    /// A [`RuleError`] naming the field when: a period is 0 where that is
    /// meaningless (`base`, `grace`, `cap`, the in-the-wild grace, embargo lengths)
    /// or longer than [`MAX_PERIOD_DAYS`]; a grace is given without a base deadline;
    /// the in-the-wild period is not shorter than the base period; the cap is below
    /// the base period; the preferred embargo exceeds the maximum; or the rule sets
    /// no deadline at all.
    pub fn validate(&self) -> Result<(), RuleError> {
        if let Some(base) = self.base {
            check_days("base.days", base.days, 1)?;
        }
        if let Some(after_fix) = self.after_fix {
            check_days("after_fix.days", after_fix.days, 0)?;
        }
        if let Some(grace) = self.grace {
            if self.base.is_none() {
                return Err(RuleError::new(
                    "grace",
                    "needs a base deadline to extend: set `base`",
                ));
            }
            check_days("grace.days", grace.days, 1)?;
        }
        if let Some(wild) = self.in_the_wild {
            check_days("in_the_wild.period.days", wild.period.days, 0)?;
            if let Some(base) = self.base
                && wild.period.counting == base.counting
                && wild.period.days >= base.days
            {
                return Err(RuleError::new(
                    "in_the_wild.period.days",
                    format!(
                        "must be shorter than the base period of {} days (got {})",
                        base.days, wild.period.days
                    ),
                ));
            }
            if let Some(grace) = wild.grace {
                check_days("in_the_wild.grace.days", grace.days, 1)?;
            }
        }
        if let Some(cap) = self.cap {
            check_days("cap.days", cap.days, 1)?;
            if let Some(base) = self.base
                && surely_shorter(cap, base)
            {
                return Err(RuleError::new(
                    "cap",
                    format!(
                        "of {} days is below the base period of {} days",
                        cap.days, base.days
                    ),
                ));
            }
        }
        if self.base.is_none()
            && self.after_fix.is_none()
            && self.in_the_wild.is_none()
            && self.cap.is_none()
        {
            return Err(RuleError::new(
                "base",
                "is missing and the rule sets no other deadline \
                 (`after_fix`, `in_the_wild` or `cap`)",
            ));
        }
        if let Some(max) = self.max_embargo_days {
            check_days("max_embargo_days", max, 1)?;
        }
        if let Some(preferred) = self.preferred_embargo_days {
            check_days("preferred_embargo_days", preferred, 1)?;
            if let Some(max) = self.max_embargo_days
                && preferred > max
            {
                return Err(RuleError::new(
                    "preferred_embargo_days",
                    format!("({preferred}) exceeds `max_embargo_days` ({max})"),
                ));
            }
        }
        Ok(())
    }

    /// CERT/CC: publication 45 days after the first attempt to contact the vendor,
    /// with or without a fix (CERT/CC Vulnerability Disclosure Policy, as
    /// summarised in `coordinator-rules.md`). The policy also allows negotiation
    /// and earlier publication when the vulnerability is actively exploited; it
    /// names no number for either, so this preset has no grace and no
    /// in-the-wild clock.
    #[must_use]
    pub fn cert_cc() -> Self {
        Self {
            anchor: Anchor::FirstContactAttempt,
            base: Some(Span::calendar_days(45)),
            ..Self::empty()
        }
    }

    /// Google Project Zero, "90+30" (Project Zero vulnerability disclosure policy
    /// and FAQ): 90 days from the report to fix; details public 30 days after the
    /// fix ships, or on day 90 if unfixed. A 14-day grace is granted on request
    /// before day 90 when a fix is expected within it; a fix within the grace makes
    /// the details public on day 90 + 30 = 120. Bugs exploited in the wild: 7 days
    /// (counted from the later of the report and the observation) plus a 3-day
    /// grace on the same terms.
    #[must_use]
    pub fn project_zero() -> Self {
        let grace = |days| Grace {
            days,
            counting: Counting::CalendarDays,
            requires_fix_commitment: true,
            fix_window: GraceFixWindow::FromDeadline,
        };
        Self {
            anchor: Anchor::ReportReceived,
            base: Some(Span::calendar_days(90)),
            after_fix: Some(Span::calendar_days(30)),
            grace: Some(grace(14)),
            in_the_wild: Some(InTheWild {
                period: Span::calendar_days(7),
                grace: Some(grace(3)),
            }),
            ..Self::empty()
        }
    }

    /// Zero Day Initiative: 120 days to fix, counted from the vendor's
    /// acknowledgement (ZDI disclosure policy, as summarised in
    /// `coordinator-rules.md`). Contact escalation before an acknowledgement is
    /// [`EscalationRule::zdi`].
    #[must_use]
    pub fn zdi() -> Self {
        Self {
            anchor: Anchor::VendorAcknowledged,
            base: Some(Span::calendar_days(120)),
            ..Self::empty()
        }
    }

    /// The linux-distros list: an embargo of at most 14 days from the report to
    /// the list, shorter than 7 days preferred; a fix pushed to a public
    /// repository makes the issue public at once (`after_fix` of 0 days). Source:
    /// the linux-distros list policy, as summarised in `coordinator-rules.md`.
    #[must_use]
    pub fn linux_distros() -> Self {
        Self {
            anchor: Anchor::ReportReceived,
            base: Some(Span::calendar_days(14)),
            after_fix: Some(Span::calendar_days(0)),
            max_embargo_days: Some(14),
            preferred_embargo_days: Some(7),
            ..Self::empty()
        }
    }

    /// A "90+30" variant (as summarised in `coordinator-rules.md`): 90 days from
    /// the report to fix, details public 30 days after the fix; a 14-day grace on
    /// request before day 90 (no commitment needed), with the 30 days then counted
    /// from the fix; the total capped at 150 days from the report; a deadline on a
    /// non-working day moves to the next working day of the caller's calendar.
    #[must_use]
    pub fn capped_150() -> Self {
        Self {
            anchor: Anchor::ReportReceived,
            base: Some(Span::calendar_days(90)),
            after_fix: Some(Span::calendar_days(30)),
            grace: Some(Grace {
                days: 14,
                counting: Counting::CalendarDays,
                requires_fix_commitment: false,
                fix_window: GraceFixWindow::FromFix,
            }),
            cap: Some(Span::calendar_days(150)),
            roll_to_working_day: true,
            ..Self::empty()
        }
    }

    /// A rule with only an anchor, for the presets to fill in (not valid alone).
    const fn empty() -> Self {
        Self {
            anchor: Anchor::ReportReceived,
            base: None,
            after_fix: None,
            grace: None,
            in_the_wild: None,
            cap: None,
            roll_to_working_day: false,
            max_embargo_days: None,
            preferred_embargo_days: None,
        }
    }

    /// How an embargo from `start` to `end` fits this rule's embargo lengths:
    /// [`EmbargoFit::TooLong`] beyond `max_embargo_days` days,
    /// [`EmbargoFit::Preferred`] when shorter than `preferred_embargo_days` days,
    /// [`EmbargoFit::Acceptable`] otherwise (and whenever the rule sets no length).
    ///
    /// # Errors
    /// [`DeadlineError::EmptyEmbargo`] if `end` is not after `start`.
    pub fn embargo_fit(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<EmbargoFit, DeadlineError> {
        if end <= start {
            return Err(DeadlineError::EmptyEmbargo { start, end });
        }
        let length = end.signed_duration_since(start);
        let days = |limit: Option<u32>| limit.and_then(|d| TimeDelta::try_days(i64::from(d)));
        if days(self.max_embargo_days).is_some_and(|max| length > max) {
            return Ok(EmbargoFit::TooLong);
        }
        if days(self.preferred_embargo_days).is_some_and(|preferred| length < preferred) {
            return Ok(EmbargoFit::Preferred);
        }
        Ok(EmbargoFit::Acceptable)
    }
}

/// How an embargo's length fits a rule (see [`DeadlineRule::embargo_fit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmbargoFit {
    /// Shorter than the preferred length.
    Preferred,
    /// Within the maximum.
    Acceptable,
    /// Longer than the maximum.
    TooLong,
}

/// What the caller knows about a case: the instants of the events deadlines count
/// from, each `None` until it happens. Every field may be left out when
/// deserialised; unknown fields are refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeadlineFacts {
    /// When the vendor (or list) received the report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_received: Option<DateTime<Utc>>,
    /// When the coordinator first tried to contact the vendor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_contact_attempt: Option<DateTime<Utc>>,
    /// When the vendor acknowledged the report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_acknowledged: Option<DateTime<Utc>>,
    /// When a fix became available to users (shipped, or pushed to a public
    /// repository).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix_available: Option<DateTime<Utc>>,
    /// When the vendor asked for a grace period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grace_requested: Option<DateTime<Utc>>,
    /// The caller's statement that a fix is expected within the grace (needed by
    /// graces that [`require a commitment`](Grace::requires_fix_commitment)).
    pub fix_expected_within_grace: bool,
    /// When attacks in the wild were first observed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attacks_observed: Option<DateTime<Utc>>,
}

/// Which clock produced a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// The rule's normal clock, from the anchor.
    Standard,
    /// The in-the-wild clock, from the later of the anchor and the observation.
    InTheWild,
}

/// Which date a [`Disclosure`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DisclosureBasis {
    /// The fix period ran out without a fix (or the rule ignores fixes).
    BaseDeadline,
    /// A granted grace ran out without a fix (or the rule ignores fixes).
    GraceDeadline,
    /// The after-fix window, counted from the fix.
    FixPlusDays,
    /// The after-fix window counted from the base deadline, for a fix within a
    /// granted grace ([`GraceFixWindow::FromDeadline`]).
    DeadlinePlusDays,
    /// The cap came first.
    Capped,
}

impl core::fmt::Display for DisclosureBasis {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::BaseDeadline => "the deadline passed",
            Self::GraceDeadline => "the granted grace ended",
            Self::FixPlusDays => "the window after the fix ended",
            Self::DeadlinePlusDays => {
                "the window after the deadline ended (fixed within the grace)"
            }
            Self::Capped => "the cap was reached",
        })
    }
}

/// When publication is allowed, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// The instant publication is allowed.
    pub at: DateTime<Utc>,
    /// Which date it is.
    pub basis: DisclosureBasis,
    /// Which clock produced it ([`Clock::Standard`] for the cap).
    pub clock: Clock,
    /// Whether a grace was granted on that clock.
    pub grace_granted: bool,
    /// The date before it moved to a working day, when it moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolled_from: Option<DateTime<Utc>>,
}

/// Why a deadline computation failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DeadlineError {
    /// The rule is invalid.
    #[error(transparent)]
    InvalidRule(#[from] RuleError),
    /// A date would lie beyond the instants chrono can represent.
    #[error("{days} days after {from} is beyond the instants chrono can represent")]
    OutOfRange {
        /// The instant counted from.
        from: DateTime<Utc>,
        /// How many days were added.
        days: u32,
    },
    /// The calendar has no working day where one was needed.
    #[error(transparent)]
    Calendar(CalendarError),
    /// An embargo's end is not after its start.
    #[error("embargo end {end} is not after its start {start}")]
    EmptyEmbargo {
        /// The embargo's start.
        start: DateTime<Utc>,
        /// Its end.
        end: DateTime<Utc>,
    },
}

/// Turns a calendar error into a deadline error, out-of-range ones as `out_of_range`.
fn lift(error: CalendarError, out_of_range: DeadlineError) -> DeadlineError {
    match error {
        CalendarError::OutOfRange { .. } => out_of_range,
        other => DeadlineError::Calendar(other),
    }
}

/// A possible date before rolling.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    at: DateTime<Utc>,
    basis: DisclosureBasis,
    clock: Clock,
    grace_granted: bool,
}

/// The rule, facts and calendar one computation uses.
struct Context<'a> {
    rule: &'a DeadlineRule,
    facts: &'a DeadlineFacts,
    calendar: &'a dyn Calendar,
}

impl Context<'_> {
    /// `at` moved to the next working day if the rule rolls and it falls on a
    /// non-working day.
    fn roll(&self, at: DateTime<Utc>) -> Result<DateTime<Utc>, DeadlineError> {
        if !self.rule.roll_to_working_day {
            return Ok(at);
        }
        let date = at.date_naive();
        let working = calendar::next_working_day(self.calendar, date).map_err(|error| {
            lift(
                error,
                DeadlineError::OutOfRange {
                    from: at,
                    days: calendar::MAX_SEARCH_DAYS,
                },
            )
        })?;
        Ok(if working == date {
            at
        } else {
            working.and_time(at.time()).and_utc()
        })
    }

    /// The date one clock gives: from `start`, with fix `period` (none: only a fix
    /// gives a date) and the grace available on that clock.
    fn clock(
        &self,
        clock: Clock,
        start: DateTime<Utc>,
        period: Option<Span>,
        grace: Option<Grace>,
    ) -> Result<Option<Candidate>, DeadlineError> {
        let fixed = self.facts.fix_available;
        let candidate = |at, basis, grace_granted| Candidate {
            at,
            basis,
            clock,
            grace_granted,
        };
        let Some(period) = period else {
            return match (self.rule.after_fix, fixed) {
                (Some(window), Some(fixed)) => {
                    let at = window.after(fixed, self.calendar)?;
                    Ok(Some(candidate(at, DisclosureBasis::FixPlusDays, false)))
                }
                _ => Ok(None),
            };
        };
        let deadline = period.after(start, self.calendar)?;
        let effective = self.roll(deadline)?;
        let granted = grace.filter(|grace| {
            self.facts
                .grace_requested
                .is_some_and(|asked| asked < effective)
                && (!grace.requires_fix_commitment || self.facts.fix_expected_within_grace)
        });
        let grace_end = match granted {
            Some(grace) => Some(grace.span().after(deadline, self.calendar)?),
            None => None,
        };
        let granted_flag = granted.is_some();
        if let (Some(window), Some(fixed)) = (self.rule.after_fix, fixed) {
            if fixed <= effective {
                let at = window.after(fixed, self.calendar)?;
                return Ok(Some(candidate(
                    at,
                    DisclosureBasis::FixPlusDays,
                    granted_flag,
                )));
            }
            if let (Some(grace), Some(end)) = (granted, grace_end)
                && fixed <= self.roll(end)?
            {
                let found = match grace.fix_window {
                    GraceFixWindow::FromFix => (
                        window.after(fixed, self.calendar)?,
                        DisclosureBasis::FixPlusDays,
                    ),
                    GraceFixWindow::FromDeadline => (
                        window.after(deadline, self.calendar)?,
                        DisclosureBasis::DeadlinePlusDays,
                    ),
                };
                return Ok(Some(candidate(found.0, found.1, true)));
            }
        }
        Ok(Some(match grace_end {
            Some(end) => candidate(end, DisclosureBasis::GraceDeadline, true),
            None => candidate(deadline, DisclosureBasis::BaseDeadline, false),
        }))
    }
}

/// Keeps the earlier candidate; on a tie, the one found first.
fn earliest(best: Option<Candidate>, next: Option<Candidate>) -> Option<Candidate> {
    match (best, next) {
        (Some(best), Some(next)) if next.at < best.at => Some(next),
        (None, next) => next,
        (best, _) => best,
    }
}

/// When `rule` allows publication, given `facts` and the caller's `calendar`.
///
/// Returns `Ok(None)` when the rule's anchor has not happened yet (or, for a rule
/// without a base period, while no clock has produced a date). The steps are in
/// the [module docs](self).
///
/// # Errors
/// - [`DeadlineError::InvalidRule`] if `rule` fails [`DeadlineRule::validate`].
/// - [`DeadlineError::OutOfRange`] if a date would be beyond chrono's range.
/// - [`DeadlineError::Calendar`] if the calendar has no working day where business
///   days are counted or a date must roll.
pub fn disclosure_date(
    rule: &DeadlineRule,
    facts: &DeadlineFacts,
    calendar: &dyn Calendar,
) -> Result<Option<Disclosure>, DeadlineError> {
    rule.validate()?;
    let Some(start) = rule.anchor.instant(facts) else {
        return Ok(None);
    };
    let context = Context {
        rule,
        facts,
        calendar,
    };
    let mut best = context.clock(Clock::Standard, start, rule.base, rule.grace)?;
    if let (Some(wild), Some(seen)) = (rule.in_the_wild, facts.attacks_observed) {
        let from = start.max(seen);
        best = earliest(
            best,
            context.clock(Clock::InTheWild, from, Some(wild.period), wild.grace)?,
        );
    }
    if let Some(cap) = rule.cap {
        let capped = Candidate {
            at: cap.after(start, calendar)?,
            basis: DisclosureBasis::Capped,
            clock: Clock::Standard,
            grace_granted: false,
        };
        best = earliest(best, Some(capped));
    }
    let Some(best) = best else {
        return Ok(None);
    };
    let at = context.roll(best.at)?;
    Ok(Some(Disclosure {
        at,
        basis: best.basis,
        clock: best.clock,
        grace_granted: best.grace_granted,
        rolled_from: (at != best.at).then_some(best.at),
    }))
}

/// When to escalate an unanswered first contact (Zero Day Initiative style).
/// Validated when deserialised and by [`contact_escalations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "EscalationFields")]
pub struct EscalationRule {
    /// Without an acknowledgement, contact again this long after the first contact.
    pub second_contact: Span,
    /// Still none: contact through an intermediary this long after the second
    /// contact.
    pub intermediary: Span,
    /// Still unreachable: publish an advisory this long after the first contact
    /// (after the intermediary step).
    pub advisory: Span,
}

/// The wire form of [`EscalationRule`] before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EscalationFields {
    second_contact: Span,
    intermediary: Span,
    advisory: Span,
}

impl TryFrom<EscalationFields> for EscalationRule {
    type Error = RuleError;

    fn try_from(fields: EscalationFields) -> Result<Self, RuleError> {
        let rule = Self {
            second_contact: fields.second_contact,
            intermediary: fields.intermediary,
            advisory: fields.advisory,
        };
        rule.validate()?;
        Ok(rule)
    }
}

impl EscalationRule {
    /// Zero Day Initiative: no acknowledgement within 5 business days of the first
    /// contact → a second contact; 5 more business days → contact through an
    /// intermediary; still unreachable → an advisory 15 business days after the
    /// first contact (ZDI disclosure policy, as summarised in
    /// `coordinator-rules.md`).
    #[must_use]
    pub const fn zdi() -> Self {
        Self {
            second_contact: Span::business_days(5),
            intermediary: Span::business_days(5),
            advisory: Span::business_days(15),
        }
    }

    /// Checks that the rule makes sense.
    ///
    /// # Errors
    /// A [`RuleError`] naming the field when a step is 0 days or longer than
    /// [`MAX_PERIOD_DAYS`], or when the advisory (counted in the same way as the
    /// contacts) would not come after the intermediary step.
    pub fn validate(&self) -> Result<(), RuleError> {
        check_days("second_contact.days", self.second_contact.days, 1)?;
        check_days("intermediary.days", self.intermediary.days, 1)?;
        check_days("advisory.days", self.advisory.days, 1)?;
        let same = self.second_contact.counting == self.advisory.counting
            && self.intermediary.counting == self.advisory.counting;
        let contacts = self
            .second_contact
            .days
            .saturating_add(self.intermediary.days);
        if same && self.advisory.days <= contacts {
            return Err(RuleError::new(
                "advisory.days",
                format!(
                    "({}) must come after the intermediary step ({} + {} days)",
                    self.advisory.days, self.second_contact.days, self.intermediary.days
                ),
            ));
        }
        Ok(())
    }
}

/// One step of contact escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EscalationStep {
    /// Contact the vendor again.
    SecondContact,
    /// Contact the vendor through an intermediary.
    ContactIntermediary,
    /// The vendor is unreachable: publish an advisory.
    PublishAdvisory,
}

/// An escalation due at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// What to do.
    pub step: EscalationStep,
    /// When it is due.
    pub at: DateTime<Utc>,
}

/// The escalations due after a first contact at `first_contact`, in time order:
/// the second contact, the contact through an intermediary and the advisory. An
/// acknowledgement cancels every step due at or after it (an acknowledgement at
/// the very instant a step falls due arrives in time).
///
/// # Errors
/// - [`DeadlineError::InvalidRule`] if `policy` fails [`EscalationRule::validate`].
/// - [`DeadlineError::OutOfRange`] if a date would be beyond chrono's range.
/// - [`DeadlineError::Calendar`] if the calendar has no working day to count.
pub fn contact_escalations(
    policy: &EscalationRule,
    first_contact: DateTime<Utc>,
    acknowledged: Option<DateTime<Utc>>,
    calendar: &dyn Calendar,
) -> Result<Vec<Escalation>, DeadlineError> {
    policy.validate()?;
    let second = policy.second_contact.after(first_contact, calendar)?;
    let intermediary = policy.intermediary.after(second, calendar)?;
    let advisory = policy.advisory.after(first_contact, calendar)?;
    let mut steps = [
        Escalation {
            step: EscalationStep::SecondContact,
            at: second,
        },
        Escalation {
            step: EscalationStep::ContactIntermediary,
            at: intermediary,
        },
        Escalation {
            step: EscalationStep::PublishAdvisory,
            at: advisory,
        },
    ];
    steps.sort_by_key(|escalation| escalation.at);
    Ok(steps
        .into_iter()
        .filter(|escalation| acknowledged.is_none_or(|ack| escalation.at < ack))
        .collect())
}
