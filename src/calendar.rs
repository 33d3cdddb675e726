//! Working days: which dates count when a deadline is counted in business days or
//! must not fall on a weekend or holiday.
//!
//! The library ships no holiday data and reads no clock. The caller supplies a
//! [`Calendar`]: [`NonWorkingDays`] (weekends and/or a list of dates, serialisable),
//! [`AllDaysWork`] (every day works), or any type of its own.
//!
//! Dates are UTC calendar dates: the deadline code asks about the UTC date of an
//! instant. A caller whose holidays follow a local calendar supplies them as the UTC
//! dates they cover.
//!
//! All date arithmetic here is checked: a date beyond chrono's range is a
//! [`CalendarError::OutOfRange`], never a panic, and every search is bounded
//! ([`MAX_SEARCH_DAYS`]).
//!
//! # Example
//! ```
//! use chrono::NaiveDate;
//! use mpcvd::calendar::{add_business_days, next_working_day, NonWorkingDays};
//!
//! let christmas = NaiveDate::from_ymd_opt(2024, 12, 25).unwrap();
//! let calendar = NonWorkingDays::weekends().with_date(christmas);
//! let friday = NaiveDate::from_ymd_opt(2024, 12, 20).unwrap();
//! // Mon 23, Tue 24, (Wed 25 is a holiday), Thu 26.
//! assert_eq!(add_business_days(&calendar, friday, 3)?, NaiveDate::from_ymd_opt(2024, 12, 26).unwrap());
//! assert_eq!(next_working_day(&calendar, christmas)?, NaiveDate::from_ymd_opt(2024, 12, 26).unwrap());
//! # Ok::<(), mpcvd::calendar::CalendarError>(())
//! ```

use std::collections::BTreeSet;
use std::ops::Bound;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How many days after the given date [`next_working_day`] looks before giving up:
/// the date itself and the 366 dates after it are examined.
pub const MAX_SEARCH_DAYS: u32 = 366;

/// Tells whether a date is a working day.
///
/// Implement it for a holiday source of your own, or use [`NonWorkingDays`].
pub trait Calendar {
    /// Whether `date` (a UTC calendar date) is a working day.
    fn is_working_day(&self, date: NaiveDate) -> bool;

    /// A shortcut for [`add_business_days`]: the date `days` working days after
    /// `date`, computed without asking about each day, or `None` to let
    /// [`add_business_days`] count day by day (the default).
    ///
    /// An implementation must agree with [`Calendar::is_working_day`] wherever it
    /// answers, and answer `None` wherever counting day by day would fail (a date
    /// out of range, more than [`MAX_SEARCH_DAYS`] days in a row that do not work),
    /// so that errors keep their one source.
    fn skip_working_days(&self, date: NaiveDate, days: u32) -> Option<NaiveDate> {
        let _ = (date, days);
        None
    }
}

impl<C: Calendar + ?Sized> Calendar for &C {
    fn is_working_day(&self, date: NaiveDate) -> bool {
        (**self).is_working_day(date)
    }

    fn skip_working_days(&self, date: NaiveDate, days: u32) -> Option<NaiveDate> {
        (**self).skip_working_days(date, days)
    }
}

/// A calendar on which every day is a working day: business days and calendar days
/// coincide, and no deadline is ever moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AllDaysWork;

impl Calendar for AllDaysWork {
    fn is_working_day(&self, _date: NaiveDate) -> bool {
        true
    }

    fn skip_working_days(&self, date: NaiveDate, days: u32) -> Option<NaiveDate> {
        date.checked_add_days(Days::new(u64::from(days)))
    }
}

/// A calendar given by the days that do not work: optionally every Saturday and
/// Sunday, plus the dates the caller lists (public holidays, company closures).
///
/// Serialised as `{"weekends": true, "dates": ["2024-12-25"]}`; `dates` may be left
/// out (no holidays); unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NonWorkingDays {
    /// Whether Saturdays and Sundays are non-working.
    pub weekends: bool,
    /// Further non-working dates (UTC calendar dates).
    #[serde(default)]
    pub dates: BTreeSet<NaiveDate>,
}

impl NonWorkingDays {
    /// Saturdays and Sundays off, no holidays.
    #[must_use]
    pub fn weekends() -> Self {
        Self {
            weekends: true,
            dates: BTreeSet::new(),
        }
    }

    /// This calendar with `date` also non-working.
    #[must_use]
    pub fn with_date(mut self, date: NaiveDate) -> Self {
        self.dates.insert(date);
        self
    }

    /// This calendar with every date of `dates` also non-working.
    #[must_use]
    pub fn with_dates(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.dates.extend(dates);
        self
    }
}

impl Calendar for NonWorkingDays {
    fn is_working_day(&self, date: NaiveDate) -> bool {
        let off = (self.weekends && is_weekend(date)) || self.dates.contains(&date);
        !off
    }

    /// Whole weeks at a time, then the listed dates in the span counted from the
    /// set: a deadline 120 business days out costs a few set look-ups, not 170
    /// calls of [`Calendar::is_working_day`] (the case recomputes its deadlines on
    /// every input).
    fn skip_working_days(&self, date: NaiveDate, days: u32) -> Option<NaiveDate> {
        // A run of non-working days longer than MAX_SEARCH_DAYS needs more listed
        // dates than this; below it the day-by-day count cannot fail with
        // NoWorkingDay, so the shortcut may answer.
        let most_in_a_row = (self.dates.len().saturating_mul(7) / 5).saturating_add(4);
        if most_in_a_row >= usize::try_from(MAX_SEARCH_DAYS).ok()? {
            return None;
        }
        // Working days in (date, from] = days − left, throughout.
        let (mut from, mut left) = (date, days);
        while left > 0 {
            let to = if self.weekends {
                add_weekdays(from, left)?
            } else {
                from.checked_add_days(Days::new(u64::from(left)))?
            };
            let lost = self
                .dates
                .range((Bound::Excluded(from), Bound::Included(to)))
                .filter(|d| !(self.weekends && is_weekend(**d)))
                .count();
            (from, left) = (to, u32::try_from(lost).ok()?);
        }
        Some(from)
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The `n`-th Monday-to-Friday date after `date` (`n` ≥ 1), or `None` out of range.
fn add_weekdays(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    // From a Saturday or Sunday, count as from the Friday before.
    let back = match date.weekday() {
        Weekday::Sat => 1,
        Weekday::Sun => 2,
        _ => 0,
    };
    let start = date.checked_sub_days(Days::new(back))?;
    let weekday = start.weekday().num_days_from_monday();
    let (weeks, rest) = (n / 5, n % 5);
    let mut span = u64::from(weeks)
        .checked_mul(7)?
        .checked_add(u64::from(rest))?;
    if rest > 0 && weekday.checked_add(rest)? >= 5 {
        span = span.checked_add(2)?;
    }
    start.checked_add_days(Days::new(span))
}

/// Why a date computation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The result would lie beyond the last (or before the first) date chrono can
    /// represent.
    #[error("{days} days after {from} is beyond the dates chrono can represent")]
    OutOfRange {
        /// The date counted from.
        from: NaiveDate,
        /// How many days were added.
        days: u32,
    },
    /// The calendar has no working day in the searched window.
    #[error("the calendar has no working day from {from} through the {searched} days after it")]
    NoWorkingDay {
        /// The first date examined.
        from: NaiveDate,
        /// How many days after `from` were examined too.
        searched: u32,
    },
}

/// `date` plus `days` calendar days.
///
/// # Errors
/// [`CalendarError::OutOfRange`] if the result is beyond chrono's range.
pub fn add_calendar_days(date: NaiveDate, days: u32) -> Result<NaiveDate, CalendarError> {
    date.checked_add_days(Days::new(u64::from(days)))
        .ok_or(CalendarError::OutOfRange { from: date, days })
}

/// The first working day on or after `date`: `date` itself if it works.
///
/// Looks at `date` and at most [`MAX_SEARCH_DAYS`] days after it.
///
/// # Errors
/// - [`CalendarError::NoWorkingDay`] if none of those dates works.
/// - [`CalendarError::OutOfRange`] if the search reaches the end of chrono's range.
pub fn next_working_day<C: Calendar + ?Sized>(
    calendar: &C,
    date: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    let mut day = date;
    for searched in 0..=MAX_SEARCH_DAYS {
        if calendar.is_working_day(day) {
            return Ok(day);
        }
        if searched == MAX_SEARCH_DAYS {
            break;
        }
        day = day.succ_opt().ok_or(CalendarError::OutOfRange {
            from: date,
            days: searched.saturating_add(1),
        })?;
    }
    Err(CalendarError::NoWorkingDay {
        from: date,
        searched: MAX_SEARCH_DAYS,
    })
}

/// The date `days` working days after `date`: each following working day counts
/// one, non-working days are skipped, and `date` itself is not counted. The result
/// is a working day, except that `days == 0` returns `date` unchanged.
///
/// Five business days after Friday 2024-12-20, on a calendar without weekends, is
/// Friday 2024-12-27.
///
/// # Errors
/// - [`CalendarError::NoWorkingDay`] if more than [`MAX_SEARCH_DAYS`] days in a row
///   do not work.
/// - [`CalendarError::OutOfRange`] if the result is beyond chrono's range.
pub fn add_business_days<C: Calendar + ?Sized>(
    calendar: &C,
    date: NaiveDate,
    days: u32,
) -> Result<NaiveDate, CalendarError> {
    if let Some(day) = calendar.skip_working_days(date, days) {
        return Ok(day);
    }
    let mut day = date;
    for counted in 0..days {
        let next = day.succ_opt().ok_or(CalendarError::OutOfRange {
            from: date,
            days: counted.saturating_add(1),
        })?;
        day = next_working_day(calendar, next).map_err(|error| match error {
            CalendarError::OutOfRange { .. } => CalendarError::OutOfRange { from: date, days },
            other => other,
        })?;
    }
    Ok(day)
}
