//! `mpcvd simulate`: many seeded cases under each policy, side by side.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use mpcvd::policy::Policy;
use mpcvd::simulate::summary::{FAILURES, Rate};
use mpcvd::simulate::{BehaviourModel, Simulation, Summary, Tally, run_seed};
use serde_json::json;

use crate::common::{CliError, Rendered, read, table};

/// Arguments of `mpcvd simulate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The behaviour model (JSON; see docs/simulation.md).
    #[arg(long, value_name = "FILE")]
    model: PathBuf,
    /// A policy preset to compare (repeatable; e.g. cert-cc, project-zero, zdi).
    #[arg(long = "policy", value_name = "NAME", required = true)]
    policies: Vec<String>,
    /// Runs per policy.
    #[arg(long, default_value_t = 1000)]
    runs: u64,
    /// The batch's seed: run i uses the same derived seed under every policy.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Also write an SVG plot here: desiderata rates per policy, and days to
    /// publication.
    #[arg(long, value_name = "FILE.svg")]
    plot: Option<PathBuf>,
}

/// The most runs per policy.
const MAX_RUNS: u64 = 10_000_000;

pub(crate) fn run(args: &Args) -> Result<Rendered, CliError> {
    let model = BehaviourModel::from_json(&read(&args.model)?).map_err(|e| CliError::Input {
        path: args.model.clone(),
        message: e.to_string(),
    })?;
    if args.runs == 0 || args.runs > MAX_RUNS {
        return Err(CliError::Usage(format!(
            "--runs must be between 1 and {MAX_RUNS}, found {}",
            args.runs
        )));
    }
    let mut summaries = Vec::new();
    for name in &args.policies {
        let policy = Policy::preset(name).ok_or_else(|| {
            CliError::Usage(format!(
                "unknown policy `{name}`; presets: {}",
                mpcvd::policy::presets::PRESETS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        let sim = Simulation::new(&model, policy).map_err(|e| CliError::Usage(e.to_string()))?;
        let mut tally = Tally::default();
        let step = (args.runs / 10).max(1);
        let loud = args.runs >= 10_000;
        for i in 0..args.runs {
            tally.add(&sim.run(run_seed(args.seed, i)));
            if loud && (i + 1) % step == 0 {
                let _ = writeln!(
                    std::io::stderr(),
                    "mpcvd: simulate: {name}: {}/{} runs",
                    i + 1,
                    args.runs
                );
            }
        }
        summaries.push(tally.summary(name));
    }
    if let Some(path) = &args.plot {
        std::fs::write(path, crate::plot::svg(&model.name, &summaries)).map_err(|source| {
            CliError::Read {
                path: path.clone(),
                source,
            }
        })?;
    }
    Ok(Rendered {
        json: json!({
            "model": model.name,
            "runs": args.runs,
            "seed": args.seed,
            "policies": summaries,
        }),
        text: text(&model.name, args, &summaries),
    })
}

fn pct(r: &Rate) -> String {
    format!(
        "{:.1}% [{:.1}, {:.1}]",
        100.0 * r.rate,
        100.0 * r.low,
        100.0 * r.high
    )
}

fn text(name: &str, args: &Args, summaries: &[Summary]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "model `{name}`: {} runs per policy, seed {} (rates with 95% Wilson intervals)\n",
        args.runs, args.seed
    );
    let mut headers = vec!["desideratum", ">f_d"];
    headers.extend(summaries.iter().map(|s| s.policy.as_str()));
    let rows: Vec<Vec<String>> = (0..12)
        .filter_map(|k| {
            let first = summaries.first()?.desiderata.get(k)?;
            let mut row = vec![first.name.clone(), format!("{:.3}", first.baseline)];
            for s in summaries {
                let d = s.desiderata.get(k)?;
                let alpha = d.alpha.map_or("-".to_owned(), |a| format!("{a:+.2}"));
                row.push(format!("{} α {alpha}", pct(&d.rate)));
            }
            Some(row)
        })
        .collect();
    out.push_str(&table(&headers, &rows));
    out.push('\n');
    let mut headers = vec!["failure (share of runs)"];
    headers.extend(summaries.iter().map(|s| s.policy.as_str()));
    let rows: Vec<Vec<String>> = FAILURES
        .iter()
        .map(|f| {
            let mut row = vec![(*f).replace('_', " ")];
            row.extend(
                summaries
                    .iter()
                    .map(|s| s.failures.get(f).map_or_else(String::new, pct)),
            );
            row
        })
        .collect();
    out.push_str(&table(&headers, &rows));
    out.push('\n');
    let mut headers = vec!["days to publication"];
    headers.extend(summaries.iter().map(|s| s.policy.as_str()));
    let stat = |label: &str, get: fn(&Summary) -> String| {
        let mut row = vec![label.to_owned()];
        row.extend(summaries.iter().map(get));
        row
    };
    let rows = vec![
        stat("published", |s| {
            format!("{} of {}", s.days.published, s.runs)
        }),
        stat("p10", |s| format!("{:.1}", s.days.p10)),
        stat("median", |s| format!("{:.1}", s.days.p50)),
        stat("mean", |s| format!("{:.1}", s.days.mean)),
        stat("p90", |s| format!("{:.1}", s.days.p90)),
        stat("max", |s| format!("{:.1}", s.days.max)),
    ];
    out.push_str(&table(&headers, &rows));
    out.push('\n');
    let mut fired: Vec<(String, &'static str)> = Vec::new();
    for s in summaries {
        for r in &s.rules {
            let key = (r.rule.to_string(), r.kind);
            if !fired.contains(&key) {
                fired.push(key);
            }
        }
    }
    let mut headers = vec!["rule fired (share of runs)", "kind"];
    headers.extend(summaries.iter().map(|s| s.policy.as_str()));
    let rows: Vec<Vec<String>> = fired
        .iter()
        .map(|(rule, kind)| {
            let mut row = vec![rule.clone(), (*kind).to_owned()];
            row.extend(summaries.iter().map(|s| {
                s.rules
                    .iter()
                    .find(|r| r.rule.to_string() == *rule && r.kind == *kind)
                    .map_or("-".to_owned(), |r| format!("{:.1}%", 100.0 * r.runs.rate))
            }));
            row
        })
        .collect();
    out.push_str(&table(&headers, &rows));
    out
}
