//! Observed data: which desiderata held in real cases ([reference §4](crate::reference),
//! `observing_skill.md`).
//!
//! Two forms of input, both plain text (this crate does no I/O; the CLI reads files):
//! - **histories**, one per line, as event letters in order (`VFPDXA`); a history may
//!   be partial (`VFP`): events not listed have not happened yet;
//! - **dated rows**, CSV with a header naming one column per event (its letter, e.g.
//!   `V`, or its name, e.g. `vendor aware`) and one row per vulnerability holding a
//!   date (`2020-03-14`) or an RFC 3339 time (`2020-03-14T09:00:00Z`) or nothing. An
//!   `id` column labels rows; other columns are ignored and reported.
//!
//! # When a desideratum `a ≺ b` is decided
//! A desideratum is counted (in `T`, and in `S` if it held) only for the cases that
//! decide it; the others are left out of both counts. With the default
//! [`Missing::NotYet`] an empty cell means "has not happened (as of the data)":
//!
//! | `a` | `b` | `a ≺ b` |
//! |---|---|---|
//! | dated | dated, later | holds |
//! | dated | dated, earlier | fails |
//! | dated | same time | [`Ties`]: undecided by default |
//! | dated | empty | holds: `a` happened, `b` has not yet |
//! | empty | dated | fails: `b` happened first |
//! | empty | empty | undecided |
//!
//! With [`Missing::Unknown`] an empty cell means "not recorded", and only rows with
//! both dates decide. A date without a time is compared by day with anything, so two
//! events on the same day tie unless both have times.

use core::cmp::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::skill::Tally;
use super::variant::{EventId, Precedence, ProcessModel};

/// What an empty cell (or an event missing from a partial history) means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    /// The event has not happened (yet): an event that did happen came first.
    #[default]
    NotYet,
    /// The event's date is unknown: pairs involving it are undecided.
    Unknown,
}

/// What two events at the same time (or on the same day) mean for `a ≺ b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ties {
    /// The order is unknown: undecided, not counted.
    #[default]
    Undecided,
    /// Counted as holding ("`a` no later than `b`"). Then `a ≺ b` and `b ≺ a` both
    /// hold for a tie, as when a fix and its advisory are published together.
    Holds,
    /// Counted as failing ("`a` strictly before `b`" is required).
    Fails,
}

/// How observations decide desiderata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Rules {
    /// What a missing event means.
    pub missing: Missing,
    /// What a tie means.
    pub ties: Ties,
}

impl Rules {
    /// Decides `a ≺ b` from when the two events happened (`None`: no date, or absent
    /// from the history), using `compare` when both did: `Some(true)` holds,
    /// `Some(false)` fails, `None` undecided (see the module docs' table).
    #[must_use]
    pub fn decide<T>(
        self,
        a: Option<T>,
        b: Option<T>,
        compare: impl FnOnce(T, T) -> Ordering,
    ) -> Option<bool> {
        match (a, b) {
            (Some(a), Some(b)) => match compare(a, b) {
                Ordering::Less => Some(true),
                Ordering::Greater => Some(false),
                Ordering::Equal => match self.ties {
                    Ties::Undecided => None,
                    Ties::Holds => Some(true),
                    Ties::Fails => Some(false),
                },
            },
            (Some(_), None) => (self.missing == Missing::NotYet).then_some(true),
            (None, Some(_)) => (self.missing == Missing::NotYet).then_some(false),
            (None, None) => None,
        }
    }
}

/// When an event happened: a day, or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timestamp {
    /// A calendar day (`2020-03-14`).
    Date(NaiveDate),
    /// An instant (`2020-03-14T09:00:00Z`).
    Instant(DateTime<Utc>),
}

impl Timestamp {
    /// Compares two timestamps: by day if either is only a day, else by instant.
    #[must_use]
    pub fn compare(self, other: Self) -> Ordering {
        match (self, other) {
            (Self::Instant(a), Self::Instant(b)) => a.cmp(&b),
            (a, b) => a.day().cmp(&b.day()),
        }
    }

    /// The calendar day (UTC for instants).
    #[must_use]
    pub fn day(self) -> NaiveDate {
        match self {
            Self::Date(d) => d,
            Self::Instant(t) => t.date_naive(),
        }
    }

    /// Parses `YYYY-MM-DD` or an RFC 3339 time.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Self::Date(d));
        }
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| Self::Instant(t.with_timezone(&Utc)))
    }
}

/// One observed vulnerability: a label and, per model event, when it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedRow {
    /// The `id` column, or `line N`.
    pub label: String,
    /// Indexed by event; `None` when empty.
    pub dates: Vec<Option<Timestamp>>,
}

/// Parsed dated observations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedData {
    /// The rows.
    pub rows: Vec<DatedRow>,
    /// Events that have a column.
    pub columns: Vec<EventId>,
    /// Header names that are neither an event nor `id`, ignored.
    pub ignored_columns: Vec<String>,
}

/// Why observed data is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}: {kind}")]
pub struct ObservedError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub kind: ObservedErrorKind,
}

/// What is wrong with observed data.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ObservedErrorKind {
    /// No header line.
    #[error("no header line: expected column names such as V,F,D,P,X,A")]
    Empty,
    /// No column names an event of the model.
    #[error("no column names an event of the model (its letters are {letters}); found {found}")]
    NoEventColumns {
        /// The model's letters.
        letters: String,
        /// The header found.
        found: String,
    },
    /// Two columns name the same event.
    #[error("two columns name event `{letter}`")]
    DuplicateColumn {
        /// The event's letter.
        letter: char,
    },
    /// A row has the wrong number of fields.
    #[error("{found} fields, but the header has {expected}")]
    FieldCount {
        /// The header's count.
        expected: usize,
        /// The row's count.
        found: usize,
    },
    /// A cell is neither empty nor a date.
    #[error(
        "column `{column}`: `{text}` is not a date (`YYYY-MM-DD`) or RFC 3339 time (`YYYY-MM-DDTHH:MM:SSZ`)"
    )]
    BadDate {
        /// The column's header.
        column: String,
        /// The cell.
        text: String,
    },
    /// A quoted field is not closed.
    #[error("a quoted field is not closed")]
    UnclosedQuote,
    /// The CSV reader refused the text (e.g. it is not UTF-8).
    #[error("not readable as CSV: {0}")]
    Csv(String),
    /// A history line is malformed.
    #[error("history `{text}`: {reason}")]
    BadHistory {
        /// The line.
        text: String,
        /// What is wrong.
        reason: String,
    },
}

/// The data lines of a text: 1-based number and content, skipping blank lines and
/// `#` comments.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i.saturating_add(1), l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// One CSV record: the 1-based line it starts on and its fields (quotes removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line number where the record starts.
    pub line: usize,
    /// The fields.
    pub fields: Vec<String>,
}

/// Parses dated rows (see the module docs for the format) from CSV text, through the
/// `csv` crate (feature `csv`): RFC 4180 quoting with `""` escapes, quoted fields
/// spanning lines, `\r\n` line ends, a leading UTF-8 byte-order mark (as Excel
/// writes), `#` comment lines and blank lines.
///
/// # Errors
/// [`ObservedError`] with the line number and what is wrong.
#[cfg(feature = "csv")]
pub fn parse_dated_csv(text: &str, model: &ProcessModel) -> Result<DatedData, ObservedError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut line = 1;
    for result in reader.records() {
        let record = result.map_err(|e| ObservedError {
            line: e
                .position()
                .and_then(|p| usize::try_from(p.line()).ok())
                .unwrap_or(line),
            kind: ObservedErrorKind::Csv(e.to_string()),
        })?;
        line = record
            .position()
            .and_then(|p| usize::try_from(p.line()).ok())
            .unwrap_or(line);
        let fields: Vec<String> = record.iter().map(str::to_owned).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        records.push(Record { line, fields });
    }
    // The csv crate ends an unclosed quoted field at the end of the text; an odd
    // number of quote characters (escapes `""` come in pairs) finds it.
    if text.matches('"').count() % 2 == 1 {
        return Err(ObservedError {
            line: records.last().map_or(1, |r| r.line),
            kind: ObservedErrorKind::UnclosedQuote,
        });
    }
    parse_dated_records(records, model)
}

/// Parses dated rows from CSV records already split into fields (the first is the
/// header); [`parse_dated_csv`] reads them from text.
///
/// # Errors
/// [`ObservedError`] with the line number and what is wrong.
pub fn parse_dated_records(
    records: impl IntoIterator<Item = Record>,
    model: &ProcessModel,
) -> Result<DatedData, ObservedError> {
    let mut lines = records.into_iter();
    let Record {
        line: header_line,
        fields: names,
    } = lines.next().ok_or(ObservedError {
        line: 1,
        kind: ObservedErrorKind::Empty,
    })?;
    let at = |line| move |kind| ObservedError { line, kind };
    let mut columns: Vec<Option<EventId>> = Vec::with_capacity(names.len());
    let mut id_column = None;
    let mut ignored = Vec::new();
    for (i, raw) in names.iter().enumerate() {
        let name = raw.trim();
        let event = event_for_column(model, name);
        if let Some(e) = event
            && columns.contains(&Some(e))
        {
            return Err(at(header_line)(ObservedErrorKind::DuplicateColumn {
                letter: model.letter(e),
            }));
        }
        if event.is_none() {
            if name.eq_ignore_ascii_case("id") && id_column.is_none() {
                id_column = Some(i);
            } else {
                ignored.push(name.to_owned());
            }
        }
        columns.push(event);
    }
    if columns.iter().all(Option::is_none) {
        return Err(at(header_line)(ObservedErrorKind::NoEventColumns {
            letters: model.events().iter().map(|e| e.letter).collect(),
            found: names.join(","),
        }));
    }
    let mut rows = Vec::new();
    for Record { line, fields } in lines {
        if fields.len() != columns.len() {
            return Err(at(line)(ObservedErrorKind::FieldCount {
                expected: columns.len(),
                found: fields.len(),
            }));
        }
        let mut dates = vec![None; model.event_count()];
        for ((field, column), name) in fields.iter().zip(&columns).zip(&names) {
            let (Some(event), cell) = (column, field.trim()) else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            let stamp = Timestamp::parse(cell).ok_or_else(|| {
                at(line)(ObservedErrorKind::BadDate {
                    column: name.trim().to_owned(),
                    text: cell.chars().take(40).collect(),
                })
            })?;
            if let Some(slot) = dates.get_mut(event.index()) {
                *slot = Some(stamp);
            }
        }
        let label = id_column
            .and_then(|i| fields.get(i))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("line {line}"));
        rows.push(DatedRow { label, dates });
    }
    Ok(DatedData {
        rows,
        columns: columns.into_iter().flatten().collect(),
        ignored_columns: ignored,
    })
}

fn event_for_column(model: &ProcessModel, name: &str) -> Option<EventId> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && let Some(e) = model.event(c)
    {
        return Some(e);
    }
    model
        .events()
        .iter()
        .position(|e| e.name.eq_ignore_ascii_case(name))
        .and_then(EventId::new)
}

/// Counts, for each desideratum, the rows that decide it and those where it held.
/// A desideratum whose events have no column is decided by no row under
/// [`Missing::Unknown`], and under [`Missing::NotYet`] treats the absent column as
/// empty cells.
#[must_use]
pub fn tally_dated(data: &DatedData, desiderata: &[Precedence], rules: Rules) -> Vec<Tally> {
    desiderata
        .iter()
        .map(|d| {
            let mut tally = Tally::default();
            for row in &data.rows {
                let date = |e: EventId| row.dates.get(e.index()).copied().flatten();
                tally.record(rules.decide(date(d.before), date(d.after), Timestamp::compare));
            }
            tally
        })
        .collect()
}

/// Parses observed histories, one per line (`#` comments and blank lines skipped):
/// the letters of the events that happened, in order, each at most once.
///
/// # Errors
/// [`ObservedError`] for an unknown or repeated letter.
pub fn parse_histories(
    text: &str,
    model: &ProcessModel,
) -> Result<Vec<Vec<EventId>>, ObservedError> {
    data_lines(text)
        .map(|(line, content)| {
            let bad = |reason: String| ObservedError {
                line,
                kind: ObservedErrorKind::BadHistory {
                    text: content.trim().chars().take(40).collect(),
                    reason,
                },
            };
            let mut events: Vec<EventId> = Vec::new();
            for c in content.trim().chars() {
                let e = model.event(c).ok_or_else(|| {
                    bad(format!(
                        "`{c}` is not an event letter of the model ({})",
                        model.events().iter().map(|e| e.letter).collect::<String>()
                    ))
                })?;
                if events.contains(&e) {
                    return Err(bad(format!("`{c}` appears twice")));
                }
                events.push(e);
            }
            Ok(events)
        })
        .collect()
}

/// Counts, for each desideratum, the histories that decide it and those where it
/// held. A history's order has no ties; events missing from a partial history
/// follow `rules.missing`.
#[must_use]
pub fn tally_histories(
    histories: &[Vec<EventId>],
    desiderata: &[Precedence],
    rules: Rules,
) -> Vec<Tally> {
    desiderata
        .iter()
        .map(|d| {
            let mut tally = Tally::default();
            for h in histories {
                let at = |e: EventId| h.iter().position(|&x| x == e);
                tally.record(rules.decide(at(d.before), at(d.after), |x, y| x.cmp(&y)));
            }
            tally
        })
        .collect()
}
