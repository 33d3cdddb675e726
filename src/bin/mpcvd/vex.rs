//! `mpcvd vex --format csaf|openvex (--case CASE.json | --trace TRACE.json)
//! [--products FILE] [--metadata FILE]`: the case's advisory as a whole CSAF 2.0
//! VEX or OpenVEX document on standard output.
//!
//! Exit status: 0 with the document written; 2 when an input cannot be read or is
//! invalid (with `--json`, one JSON error object on standard output).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mpcvd::case::Case;
use mpcvd::conformance::{Trace, replay};
use mpcvd::vex::{Format, Metadata, Products, document};
use serde_json::json;

use crate::common::{CliError, print_error, read};

/// Arguments of `mpcvd vex`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The document format.
    #[arg(long, value_parser = parse_format)]
    format: Format,
    /// A saved case (JSON, as `Case` serialises).
    #[arg(
        long,
        value_name = "CASE.json",
        conflicts_with = "trace",
        required_unless_present = "trace"
    )]
    case: Option<PathBuf>,
    /// A trace (schema/trace.schema.json): the case it leads to, refused steps left out.
    #[arg(long, value_name = "TRACE.json")]
    trace: Option<PathBuf>,
    /// The products (`{"products": [...]}`); default one per vendor participant.
    #[arg(long, value_name = "FILE")]
    products: Option<PathBuf>,
    /// The document metadata (publisher, tracking, label); default from the case.
    #[arg(long, value_name = "FILE")]
    metadata: Option<PathBuf>,
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a format: use csaf or openvex"))
}

fn input(path: &Path, message: impl std::fmt::Display) -> CliError {
    CliError::Input {
        path: path.to_owned(),
        message: message.to_string(),
    }
}

fn load_case(args: &Args) -> Result<Case, CliError> {
    match (&args.case, &args.trace) {
        (Some(path), _) => Case::from_json(&read(path)?).map_err(|e| input(path, e)),
        (None, Some(path)) => {
            let trace = Trace::from_json(&read(path)?).map_err(|e| input(path, e))?;
            replay(&trace)
                .map(|(case, _)| case)
                .map_err(|e| input(path, e))
        }
        (None, None) => Err(CliError::Usage("pass --case or --trace".to_owned())),
    }
}

fn run(args: &Args) -> Result<serde_json::Value, CliError> {
    let case = load_case(args)?;
    let products = match &args.products {
        Some(path) => Products::from_json(&read(path)?).map_err(|e| input(path, e))?,
        None => Products::default(),
    };
    let metadata = match &args.metadata {
        Some(path) => Metadata::from_json(&read(path)?).map_err(|e| input(path, e))?,
        None => Metadata::default(),
    };
    document(args.format, &case, &products, &metadata).map_err(|e| {
        let path = if e.path().starts_with("metadata") {
            args.metadata.clone()
        } else {
            args.products.clone()
        };
        match path {
            Some(path) => input(&path, e),
            None => CliError::Usage(e.to_string()),
        }
    })
}

/// Runs the command: the document on standard output, or the error (exit 2).
pub(crate) fn main(args: &Args, json: bool) -> ExitCode {
    match run(args) {
        Ok(doc) => {
            let mut out = std::io::stdout().lock();
            let written = serde_json::to_writer_pretty(&mut out, &doc)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
                .and_then(|()| out.flush());
            match written {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    print_error(&e);
                    ExitCode::from(crate::common::BAD_INPUT)
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(error) => {
            if json {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{}", json!({"error": error.to_string()}));
            } else {
                print_error(&error);
            }
            ExitCode::from(2)
        }
    }
}
