//! `mpcvd model …`: the case-state model or a variant ([reference §3](crate::reference), §4).

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use mpcvd::analysis::{ModelGraph, ProcessModel, Ratio};
use serde_json::{Value, json};

use crate::common::{CliError, Rendered, analysis, load_model, print_error, table};

/// Arguments of `mpcvd model`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A variant model (JSON, see examples/models/); the standard model if absent.
    #[arg(long, global = true, value_name = "FILE")]
    model: Option<PathBuf>,
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// The reachable states, e.g. `vfdpxa`.
    States,
    /// The edges: state, event, next state.
    Edges,
    /// Every complete history with its exact frequency f_h: counted first, then
    /// streamed; refused (exit 2) when there are more than --max-histories.
    Histories {
        /// List the most likely first (ties in model order).
        #[arg(long)]
        by_frequency: bool,
        /// The most histories to list; more is refused with exit status 2.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_HISTORIES)]
        max_histories: u64,
    },
    /// The model's desiderata and their exact baselines f_d.
    Desiderata,
    /// P(a ≺ b) for every ordered pair of events (row ≺ column).
    Pairs,
    /// The model itself, as JSON: a starting point for a variant.
    Show,
}

/// The default of `--max-histories`: the standard model has 70; a loose variant of 10
/// events can have 3,628,800.
const DEFAULT_MAX_HISTORIES: u64 = 1_000_000;

/// How many of the tied most likely histories are named.
const MOST_LIKELY_SHOWN: usize = 10;

/// `mpcvd model histories` writes its own output (it streams); `None` for the other
/// subcommands.
pub(crate) fn stream(args: &Args, json: bool) -> Option<ExitCode> {
    let result = match &args.what {
        What::Histories {
            by_frequency,
            max_histories,
        } => load_model(args.model.as_deref()).and_then(|model| {
            let graph = ModelGraph::new(&model);
            histories(&graph, *by_frequency, *max_histories, json)
        }),
        What::Edges => load_model(args.model.as_deref()).and_then(|model| {
            let graph = ModelGraph::new(&model);
            edges(&graph, json)
        }),
        _ => return None,
    };
    Some(match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            print_error(&error);
            error.exit_code()
        }
    })
}

pub(crate) fn run(args: &Args) -> Result<Rendered, CliError> {
    let model = load_model(args.model.as_deref())?;
    let graph = ModelGraph::new(&model);
    match &args.what {
        What::States => Ok(states(&graph)),
        What::Edges => Err(CliError::Usage(
            "model edges writes its output itself".to_owned(),
        )),
        What::Histories { .. } => Err(CliError::Usage(
            "model histories writes its output itself".to_owned(),
        )),
        What::Desiderata => desiderata(&graph),
        What::Pairs => pairs(&graph),
        What::Show => Ok(show(&graph)),
    }
}

/// `0.333`, or `?` if the decimal form overflows.
pub(crate) fn decimal(r: Ratio) -> String {
    r.to_decimal(3).unwrap_or_else(|_| "?".to_owned())
}

fn header(model: &ProcessModel) -> String {
    format!("model: {model}\n\n")
}

fn states(graph: &ModelGraph) -> Rendered {
    let model = graph.model();
    let names: Vec<String> = graph
        .states()
        .iter()
        .map(|&s| model.state_text(s))
        .collect();
    let mut text = header(model);
    for name in &names {
        let _ = writeln!(text, "{name}");
    }
    let _ = writeln!(text, "\n{} states", names.len());
    Rendered {
        json: json!({ "model": model.name(), "count": names.len(), "states": names }),
        text,
    }
}

/// Streams the edges (a 16-event model has up to 524,288): a table, or one JSON
/// object written edge by edge.
fn edges(graph: &ModelGraph, json: bool) -> Result<(), CliError> {
    let model = graph.model();
    let width = model.event_count().max("from".len());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = (|| -> std::io::Result<()> {
        if json {
            write!(
                out,
                "{{\n  \"model\": {},\n  \"count\": {},\n  \"edges\": [",
                json!(model.name()),
                graph.edge_count()
            )?;
            for (n, e) in graph.edges().iter().enumerate() {
                let item = json!({
                    "from": model.state_text(e.from),
                    "event": model.letter(e.event).to_string(),
                    "to": model.state_text(e.to),
                });
                write!(out, "{}    {item}", if n == 0 { "\n" } else { ",\n" })?;
            }
            return writeln!(out, "\n  ]\n}}");
        }
        write!(out, "{}", header(model))?;
        let line = |out: &mut dyn Write, a: &str, b: &str, c: &str| {
            let text = format!("{a:<width$}  {b:<5}  {c:<width$}");
            writeln!(out, "{}", text.trim_end())
        };
        line(&mut out, "from", "event", "to")?;
        line(&mut out, &"-".repeat(width), "-----", &"-".repeat(width))?;
        for e in graph.edges() {
            line(
                &mut out,
                &model.state_text(e.from),
                &model.letter(e.event).to_string(),
                &model.state_text(e.to),
            )?;
        }
        writeln!(out, "\n{} edges", graph.edge_count())
    })();
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Write(e)),
        _ => Ok(()),
    }
}

/// The largest product of out-degrees along a complete history: the denominator of
/// the least likely `f_h` (sets the width of the `f_h` column before streaming).
fn least_likely_weight(graph: &ModelGraph) -> u128 {
    let mut weight = vec![1u128; graph.state_count()];
    for (i, &state) in graph.states().iter().enumerate().rev() {
        let successors = graph.successors(state);
        let worst = successors
            .iter()
            .filter_map(|e| graph.position(e.to).and_then(|j| weight.get(j)))
            .max()
            .copied()
            .unwrap_or(1);
        let degree = u128::try_from(successors.len().max(1)).unwrap_or(u128::MAX);
        if let Some(slot) = weight.get_mut(i) {
            *slot = worst.saturating_mul(degree);
        }
    }
    weight.first().copied().unwrap_or(1)
}

/// Counts the histories, refuses above `max`, then streams them (text table or one
/// JSON object) without holding the list, unless `--by-frequency` must sort it.
fn histories(graph: &ModelGraph, by_frequency: bool, max: u64, json: bool) -> Result<(), CliError> {
    let model = graph.model();
    let count = graph
        .history_count()
        .ok_or_else(|| analysis("the number of histories does not fit 128 bits"))?;
    if count > u128::from(max) {
        return Err(CliError::Limit(format!(
            "model `{}` has {count} complete histories, more than --max-histories {max}; \
             raise --max-histories to list them (or use `mpcvd model desiderata`/`pairs`, \
             which do not list histories)",
            model.name()
        )));
    }
    let total = graph.total_frequency().map_err(analysis)?;
    let best = graph.most_likely_at_most(MOST_LIKELY_SHOWN);
    let mut best_names: Vec<String> = best
        .histories
        .iter()
        .map(|h| model.sequence_text(h))
        .collect();
    let listed = u128::try_from(best_names.len()).unwrap_or(u128::MAX);
    let more = best.count.saturating_sub(listed);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let items: Box<dyn Iterator<Item = (String, Ratio)>> = if by_frequency {
        let mut list: Vec<(String, Ratio)> = graph
            .histories()
            .map(|h| (model.sequence_text(&h.events), h.frequency))
            .collect();
        list.sort_by_key(|h| std::cmp::Reverse(h.1));
        Box::new(list.into_iter())
    } else {
        Box::new(
            graph
                .histories()
                .map(|h| (model.sequence_text(&h.events), h.frequency)),
        )
    };
    let written = if json {
        let head = json!({
            "model": model.name(),
            "count": count.to_string().parse::<u64>().map_or(Value::Null, Value::from),
            "total": total.to_string(),
            "most_likely": {
                "frequency": best.frequency.to_string(),
                "count": best.count.to_string().parse::<u64>().map_or(Value::Null, Value::from),
                "histories": best_names,
            },
        });
        stream_json(&mut out, &head, items)
    } else {
        if more > 0 {
            best_names.push(format!("… ({more} more)"));
        }
        let summary = format!(
            "{count} histories; Σ f_h = {total}; most likely: {} (f_h = {})",
            best_names.join(", "),
            best.frequency
        );
        let widths = [
            count.to_string().len().max(1),
            model.event_count().max("history".len()),
            format!("1/{}", least_likely_weight(graph)).len().max(3),
            5,
        ];
        stream_text(&mut out, &header(model), &summary, widths, items)
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Write(e)),
        _ => Ok(()),
    }
}

fn stream_text(
    out: &mut dyn Write,
    header: &str,
    summary: &str,
    [wi, wh, wf, wd]: [usize; 4],
    items: impl Iterator<Item = (String, Ratio)>,
) -> std::io::Result<()> {
    write!(out, "{header}{summary}\n\n")?;
    let line = |out: &mut dyn Write, i: &str, h: &str, f: &str, d: &str| {
        let text = format!("{i:>wi$}  {h:<wh$}  {f:>wf$}  {d:>wd$}");
        writeln!(out, "{}", text.trim_end())
    };
    line(out, "#", "history", "f_h", "≈")?;
    line(
        out,
        &"-".repeat(wi),
        &"-".repeat(wh),
        &"-".repeat(wf),
        &"-".repeat(wd),
    )?;
    for (n, (h, f)) in items.enumerate() {
        line(
            out,
            &n.saturating_add(1).to_string(),
            &h,
            &f.to_string(),
            &decimal(f),
        )?;
    }
    Ok(())
}

/// One JSON object: the fields of `head`, then `"histories": [...]` written item by
/// item.
fn stream_json(
    out: &mut dyn Write,
    head: &Value,
    items: impl Iterator<Item = (String, Ratio)>,
) -> std::io::Result<()> {
    writeln!(out, "{{")?;
    if let Some(map) = head.as_object() {
        for (key, value) in map {
            writeln!(out, "  {}: {},", json!(key), value)?;
        }
    }
    write!(out, "  \"histories\": [")?;
    for (n, (h, f)) in items.enumerate() {
        let sep = if n == 0 { "\n" } else { ",\n" };
        let item = json!({ "events": h, "frequency": f.to_string() });
        write!(out, "{sep}    {item}")?;
    }
    writeln!(out, "\n  ]\n}}")
}

fn desiderata(graph: &ModelGraph) -> Result<Rendered, CliError> {
    let model = graph.model();
    let baselines = graph.baselines().map_err(analysis)?;
    let rows: Vec<Vec<String>> = baselines
        .iter()
        .map(|b| vec![b.name.clone(), b.baseline.to_string(), decimal(b.baseline)])
        .collect();
    let mut text = header(model);
    text.push_str(&table(&["desideratum", ">f_d", ">≈"], &rows));
    let items: Vec<Value> = baselines
        .iter()
        .map(|b| json!({ "name": b.name, "baseline": b.baseline.to_string() }))
        .collect();
    Ok(Rendered {
        json: json!({ "model": model.name(), "desiderata": items }),
        text,
    })
}

fn pairs(graph: &ModelGraph) -> Result<Rendered, CliError> {
    let model = graph.model();
    let table_data = graph.pair_table().map_err(analysis)?;
    let letters: Vec<String> = model
        .events()
        .iter()
        .map(|e| e.letter.to_string())
        .collect();
    let exact: Vec<Vec<String>> = table_data
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect();
    let mut headers: Vec<String> = vec!["≺".to_owned()];
    headers.extend(letters.iter().map(|l| format!(">{l}")));
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let with_label = |cells: Vec<Vec<String>>| -> Vec<Vec<String>> {
        letters
            .iter()
            .zip(cells)
            .map(|(l, row)| std::iter::once(l.clone()).chain(row).collect())
            .collect()
    };
    let approx: Vec<Vec<String>> = table_data
        .rows()
        .map(|row| row.iter().map(|&r| decimal(r)).collect())
        .collect();
    let mut text = header(model);
    text.push_str("P(row ≺ column), exact:\n\n");
    text.push_str(&table(&header_refs, &with_label(exact.clone())));
    text.push_str("\nrounded to 3 places:\n\n");
    text.push_str(&table(&header_refs, &with_label(approx)));
    Ok(Rendered {
        json: json!({ "model": model.name(), "events": letters, "table": exact }),
        text,
    })
}

/// The model as JSON in both forms, so that `mpcvd model show > variant.json` gives
/// a file to edit.
fn show(graph: &ModelGraph) -> Rendered {
    let model = graph.model();
    let json = serde_json::to_value(model.to_spec()).unwrap_or(Value::Null);
    let mut text = model.to_json();
    text.push('\n');
    Rendered { json, text }
}
