//! `mpcvd model …`: the case-state model or a variant ([reference §3](crate::reference), §4).

use std::fmt::Write as _;
use std::path::PathBuf;

use mpcvd::analysis::{ModelGraph, ProcessModel, Ratio};
use serde_json::{Value, json};

use crate::common::{CliError, Rendered, analysis, load_model, table};

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
    /// Every complete history with its exact frequency f_h.
    Histories {
        /// List the most likely first (ties in model order).
        #[arg(long)]
        by_frequency: bool,
    },
    /// The model's desiderata and their exact baselines f_d.
    Desiderata,
    /// P(a ≺ b) for every ordered pair of events (row ≺ column).
    Pairs,
    /// The model itself, as JSON: a starting point for a variant.
    Show,
}

pub(crate) fn run(args: &Args) -> Result<Rendered, CliError> {
    let model = load_model(args.model.as_deref())?;
    let graph = ModelGraph::new(&model);
    match &args.what {
        What::States => Ok(states(&graph)),
        What::Edges => Ok(edges(&graph)),
        What::Histories { by_frequency } => histories(&graph, *by_frequency),
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

fn edges(graph: &ModelGraph) -> Rendered {
    let model = graph.model();
    let rows: Vec<Vec<String>> = graph
        .edges()
        .iter()
        .map(|e| {
            vec![
                model.state_text(e.from),
                model.letter(e.event).to_string(),
                model.state_text(e.to),
            ]
        })
        .collect();
    let list: Vec<Value> = rows
        .iter()
        .filter_map(|r| match r.as_slice() {
            [from, event, to] => Some(json!({ "from": from, "event": event, "to": to })),
            _ => None,
        })
        .collect();
    let mut text = header(model);
    text.push_str(&table(&["from", "event", "to"], &rows));
    let _ = writeln!(text, "\n{} edges", rows.len());
    Rendered {
        json: json!({ "model": model.name(), "count": list.len(), "edges": list }),
        text,
    }
}

fn histories(graph: &ModelGraph, by_frequency: bool) -> Result<Rendered, CliError> {
    let model = graph.model();
    let mut list: Vec<(String, Ratio)> = graph
        .histories()
        .map(|h| (model.sequence_text(&h.events), h.frequency))
        .collect();
    if by_frequency {
        list.sort_by_key(|h| std::cmp::Reverse(h.1));
    }
    let total = graph.total_frequency().map_err(analysis)?;
    let best = graph.most_likely();
    let best_names: Vec<String> = best
        .histories
        .iter()
        .map(|h| model.sequence_text(h))
        .collect();
    let rows: Vec<Vec<String>> = list
        .iter()
        .enumerate()
        .map(|(i, (h, f))| {
            vec![
                i.saturating_add(1).to_string(),
                h.clone(),
                f.to_string(),
                decimal(*f),
            ]
        })
        .collect();
    let mut text = header(model);
    text.push_str(&table(&[">#", "history", ">f_h", ">≈"], &rows));
    let _ = writeln!(
        text,
        "\n{} histories; Σ f_h = {total}; most likely: {} (f_h = {})",
        list.len(),
        best_names.join(", "),
        best.frequency
    );
    let items: Vec<Value> = list
        .iter()
        .map(|(h, f)| json!({ "events": h, "frequency": f.to_string() }))
        .collect();
    Ok(Rendered {
        json: json!({
            "model": model.name(),
            "count": items.len(),
            "total": total.to_string(),
            "most_likely": { "frequency": best.frequency.to_string(), "histories": best_names },
            "histories": items,
        }),
        text,
    })
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
