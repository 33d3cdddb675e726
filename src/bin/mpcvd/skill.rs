//! `mpcvd skill`: observed frequencies and skill α_d ([reference §4](crate::reference)).

use std::fmt::Write as _;
use std::path::PathBuf;

use mpcvd::analysis::admissible::{forbidden_history, forbidden_row};
use mpcvd::analysis::observed::{
    Missing, Rules, Ties, parse_dated_csv, parse_histories, tally_dated, tally_histories,
};
use mpcvd::analysis::skill::{Tally, score};
use mpcvd::analysis::{Baseline, ModelGraph, Ratio};
use serde_json::{Value, json};

use crate::common::{CliError, Rendered, analysis, load_model, print_warning, read, table};
use crate::model::decimal;

/// Arguments of `mpcvd skill`. Give exactly one source: `--observed`, `--histories`
/// or one or more `--count`.
#[derive(Debug, clap::Args)]
#[command(group(
    clap::ArgGroup::new("source").required(true).args(["observed", "histories", "count"])
))]
pub(crate) struct Args {
    /// CSV of dated events: a header naming one column per event (V,F,D,P,X,A or
    /// event names; optional `id`), one row per vulnerability, each cell a date
    /// (YYYY-MM-DD), an RFC 3339 time, or empty.
    #[arg(long, value_name = "FILE")]
    observed: Option<PathBuf>,
    /// Observed histories, one per line as event letters in order (e.g. VFPDXA;
    /// partial histories such as VFP are allowed).
    #[arg(long, value_name = "FILE")]
    histories: Option<PathBuf>,
    /// Counts for one desideratum, NAME=S/T: S of T cases satisfied it
    /// (e.g. "F<P=2610/2694"). Repeatable.
    #[arg(long, value_name = "D=S/T")]
    count: Vec<String>,
    /// A variant model (JSON); the standard model if absent.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// What an empty cell (or an event absent from a partial history) means.
    #[arg(long, value_enum, default_value_t = MissingArg::NotYet)]
    missing: MissingArg,
    /// What two events on the same day (or at the same time) mean for a ≺ b.
    #[arg(long, value_enum, default_value_t = TiesArg::Undecided)]
    ties: TiesArg,
    /// Refuse (exit 1) rows or histories the model forbids (e.g. F before V) instead
    /// of scoring them with a warning.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MissingArg {
    /// The event has not happened yet: a dated event came first.
    NotYet,
    /// The date is unknown: pairs with it are not counted.
    Unknown,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum TiesArg {
    /// Not counted.
    Undecided,
    /// Counted as a ≺ b holding ("no later than").
    Holds,
    /// Counted as a ≺ b failing.
    Fails,
}

pub(crate) fn run(args: &Args) -> Result<Rendered, CliError> {
    let model = load_model(args.model.as_deref())?;
    let graph = ModelGraph::new(&model);
    let rules = Rules {
        missing: match args.missing {
            MissingArg::NotYet => Missing::NotYet,
            MissingArg::Unknown => Missing::Unknown,
        },
        ties: match args.ties {
            TiesArg::Undecided => Ties::Undecided,
            TiesArg::Holds => Ties::Holds,
            TiesArg::Fails => Ties::Fails,
        },
    };
    let input_error = |path: &PathBuf| {
        let path = path.clone();
        move |e: mpcvd::analysis::observed::ObservedError| CliError::Input {
            path,
            message: e.to_string(),
        }
    };
    let mut warnings: Vec<String> = Vec::new();
    let (baselines, tallies, source, ignored) = if let Some(path) = &args.observed {
        let data = parse_dated_csv(&read(path)?, &model).map_err(input_error(path))?;
        for row in &data.rows {
            if let Some(why) = forbidden_row(&model, row, rules) {
                warnings.push(format!("{}: {}: {why}", path.display(), row.label));
            }
        }
        let baselines = graph.baselines().map_err(analysis)?;
        let tallies = tally_dated(&data, model.desiderata(), rules);
        let source = json!({ "kind": "dated", "file": path, "cases": data.rows.len() });
        (baselines, tallies, source, data.ignored_columns)
    } else if let Some(path) = &args.histories {
        let histories = parse_histories(&read(path)?, &model).map_err(input_error(path))?;
        for (i, h) in histories.iter().enumerate() {
            if let Some(why) = forbidden_history(&model, h) {
                warnings.push(format!(
                    "{}: history {} `{}`: {why}",
                    path.display(),
                    i.saturating_add(1),
                    model.sequence_text(h)
                ));
            }
        }
        let baselines = graph.baselines().map_err(analysis)?;
        let tallies = tally_histories(&histories, model.desiderata(), rules);
        let source = json!({ "kind": "histories", "file": path, "cases": histories.len() });
        (baselines, tallies, source, Vec::new())
    } else {
        let (baselines, tallies) = counts(&graph, &args.count)?;
        (baselines, tallies, json!({ "kind": "counts" }), Vec::new())
    };
    if args.strict && !warnings.is_empty() {
        return Err(CliError::Found(format!(
            "--strict: {} observation(s) the model forbids:\n  {}",
            warnings.len(),
            warnings.join("\n  ")
        )));
    }
    for w in &warnings {
        print_warning(&format!("{w} (scored anyway; --strict refuses)"));
    }
    let rows = score(&baselines, &tallies);

    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let opt = |x: Option<Ratio>| x.map_or_else(|| "-".to_owned(), |x| x.to_string());
            vec![
                r.name.clone(),
                r.baseline.to_string(),
                r.satisfied.to_string(),
                r.decided.to_string(),
                opt(r.observed),
                opt(r.alpha),
                r.alpha.map_or_else(|| "-".to_owned(), decimal),
            ]
        })
        .collect();
    let mut text = format!("model: {model}\n");
    if let Some(cases) = source.get("cases") {
        let _ = writeln!(text, "cases: {cases}");
    }
    let _ = writeln!(
        text,
        "missing events: {}; ties: {}\n",
        json_name(&rules.missing),
        json_name(&rules.ties)
    );
    text.push_str(&table(
        &["desideratum", ">f_d", ">S", ">T", ">f_obs", ">α_d", ">α≈"],
        &cells,
    ));
    text.push_str("\nS of T deciding cases satisfied d; α_d = (S − f_d·T) / ((1 − f_d)·T).\n");
    if !warnings.is_empty() {
        let _ = writeln!(
            text,
            "warning: {} observation(s) the model forbids were scored (see standard error)",
            warnings.len()
        );
    }
    if !ignored.is_empty() {
        let _ = writeln!(text, "ignored columns: {}", ignored.join(", "));
    }
    Ok(Rendered {
        json: json!({
            "model": model.name(),
            "source": source,
            "rules": rules,
            "ignored_columns": ignored,
            "warnings": warnings,
            "desiderata": rows,
        }),
        text,
    })
}

fn json_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Parses `--count NAME=S/T` values into baselines and tallies.
fn counts(graph: &ModelGraph, specs: &[String]) -> Result<(Vec<Baseline>, Vec<Tally>), CliError> {
    let model = graph.model();
    let mut baselines = Vec::new();
    let mut tallies = Vec::new();
    for spec in specs {
        let bad = |why: String| CliError::Usage(format!("--count `{spec}`: {why}"));
        let (name, counts) = spec
            .split_once('=')
            .ok_or_else(|| bad("expected NAME=S/T, e.g. F<P=2610/2694".to_owned()))?;
        let desideratum = model
            .parse_precedence(name)
            .map_err(|e| bad(e.to_string()))?;
        let (s, t) = counts
            .split_once('/')
            .and_then(|(s, t)| Some((s.trim().parse::<u64>().ok()?, t.trim().parse::<u64>().ok()?)))
            .ok_or_else(|| bad("counts must be two whole numbers S/T".to_owned()))?;
        if s > t {
            return Err(bad(format!("S = {s} is more than T = {t}")));
        }
        baselines.push(Baseline {
            name: model.precedence_text(desideratum),
            desideratum,
            baseline: graph
                .precedence_probability(desideratum)
                .map_err(analysis)?,
        });
        tallies.push(Tally {
            satisfied: s,
            decided: t,
        });
    }
    Ok((baselines, tallies))
}
