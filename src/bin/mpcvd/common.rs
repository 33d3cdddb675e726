//! What every subcommand shares: errors, model loading, output.

use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use mpcvd::analysis::{ModelError, ProcessModel};

/// Why a command failed: exit status 1 for [`CliError::Found`] (a check found
/// something), 2 for everything else (unreadable input, bad options, limits).
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// A file could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A model file is invalid.
    #[error("model `{path}`: {source}")]
    Model { path: PathBuf, source: ModelError },
    /// An input file is invalid.
    #[error("`{path}`: {message}")]
    Input { path: PathBuf, message: String },
    /// A value on the command line is invalid.
    #[error("{0}")]
    Usage(String),
    /// A computation has no exact answer.
    #[error("{0}")]
    Analysis(String),
    /// The output would exceed a limit; the message names the option that raises it.
    #[error("{0}")]
    Limit(String),
    /// A check found something (exit status 1), e.g. `--strict` data the model
    /// forbids.
    #[error("{0}")]
    Found(String),
    /// Standard output could not be written.
    #[error("cannot write the output: {0}")]
    Write(std::io::Error),
}

impl CliError {
    /// The exit status for this error.
    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            Self::Found(_) => ExitCode::from(FOUND),
            Self::Read { .. }
            | Self::Model { .. }
            | Self::Input { .. }
            | Self::Usage(_)
            | Self::Analysis(_)
            | Self::Limit(_)
            | Self::Write(_) => ExitCode::from(BAD_INPUT),
        }
    }
}

/// Exit status: a check found something (explore violations, check deviations,
/// `--strict` data the model forbids).
pub(crate) const FOUND: u8 = 1;
/// Exit status: unreadable input, bad options, a limit exceeded.
pub(crate) const BAD_INPUT: u8 = 2;

/// A command's result in both forms; `--json` picks one.
#[derive(Debug)]
pub(crate) struct Rendered {
    pub(crate) json: serde_json::Value,
    pub(crate) text: String,
}

impl Rendered {
    /// Prints one form on standard output. A closed pipe (`| head`) is not an error.
    pub(crate) fn print(&self, json: bool) -> ExitCode {
        let mut out = std::io::stdout().lock();
        let written = if json {
            serde_json::to_writer_pretty(&mut out, &self.json)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            out.write_all(self.text.as_bytes())
        };
        match written.and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                print_error(&e);
                ExitCode::from(BAD_INPUT)
            }
            _ => ExitCode::SUCCESS,
        }
    }
}

/// Writes `mpcvd: error: …` on standard error.
pub(crate) fn print_error(error: &dyn std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "mpcvd: error: {error}");
}

/// Writes `mpcvd: warning: …` on standard error.
pub(crate) fn print_warning(warning: &str) {
    let _ = writeln!(std::io::stderr(), "mpcvd: warning: {warning}");
}

/// The default of `--max-input-bytes`: the largest input file a command reads
/// (256 MiB). A regular file above it is refused (exit 2) before any of it is read;
/// from a pipe, a device or `/dev/stdin` at most this many bytes and one more are
/// read, so no input costs more memory than the bound, whatever its size.
pub(crate) const MAX_INPUT_BYTES: u64 = 256 << 20;

/// The bound `--max-input-bytes` set (once, in `main`).
static MAX_INPUT: OnceLock<u64> = OnceLock::new();

/// Sets the input bound for this process (the `--max-input-bytes` option).
pub(crate) fn set_max_input(bytes: u64) {
    let _ = MAX_INPUT.set(bytes);
}

/// The input bound in force.
fn max_input() -> u64 {
    MAX_INPUT.get().copied().unwrap_or(MAX_INPUT_BYTES)
}

/// Reads a whole text file of at most `--max-input-bytes` ([`MAX_INPUT_BYTES`] by
/// default); a larger one is a [`CliError::Limit`] naming the bound and the option.
pub(crate) fn read(path: &Path) -> Result<String, CliError> {
    let limit = max_input();
    let unreadable = |source| CliError::Read {
        path: path.to_owned(),
        source,
    };
    let too_large = |size: Option<u64>| {
        let found = size.map_or_else(String::new, |n| format!("{n} bytes, "));
        CliError::Limit(format!(
            "`{}` has {found}more than the input limit of {limit} bytes \
             (--max-input-bytes, default {MAX_INPUT_BYTES}); raise --max-input-bytes to read it",
            path.display()
        ))
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    if let Ok(meta) = file.metadata()
        && meta.is_file()
        && meta.len() > limit
    {
        return Err(too_large(Some(meta.len())));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > limit) {
        return Err(too_large(None));
    }
    String::from_utf8(bytes)
        .map_err(|e| unreadable(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// The model in `path`, or the standard model.
pub(crate) fn load_model(path: Option<&Path>) -> Result<ProcessModel, CliError> {
    match path {
        None => Ok(ProcessModel::standard()),
        Some(path) => ProcessModel::from_json(&read(path)?).map_err(|source| CliError::Model {
            path: path.to_owned(),
            source,
        }),
    }
}

/// An analysis error as a CLI error.
pub(crate) fn analysis(error: impl std::fmt::Display) -> CliError {
    CliError::Analysis(error.to_string())
}

/// A plain text table: a header row, a rule, then rows; columns padded to fit.
/// Columns whose header starts with `>` are right-aligned (the `>` is dropped).
pub(crate) fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let right: Vec<bool> = headers.iter().map(|h| h.starts_with('>')).collect();
    let headers: Vec<&str> = headers.iter().map(|h| h.trim_start_matches('>')).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, ((cell, &w), &r)) in cells.zip(&widths).zip(&right).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let _ = if r {
                write!(text, "{cell:>w$}")
            } else {
                write!(text, "{cell:<w$}")
            };
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut out, &mut headers.iter().copied());
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    line(&mut out, &mut rule.iter().map(String::as_str));
    for row in rows {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    out
}
