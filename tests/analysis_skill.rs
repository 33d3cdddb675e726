//! Skill `α_d` and observed frequencies: the formulas of reference §4, how dated
//! rows and histories decide desiderata (missing events, ties), and CSV errors.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "test code: a panic is a failed assertion"
)]

use mpcvd::analysis::observed::{
    Missing, ObservedErrorKind, Rules, Ties, parse_dated_csv, parse_histories, tally_dated,
    tally_histories,
};
use mpcvd::analysis::skill::{SkillError, Tally, alpha, alpha_from_counts, score};
use mpcvd::analysis::{ModelGraph, Precedence, ProcessModel, Ratio};

fn r(n: i128, d: i128) -> Ratio {
    Ratio::new(n, d).unwrap()
}

#[test]
fn alpha_formulas() {
    // Luck alone: α = 0; perfect: α = 1; never: α = −f_d/(1 − f_d).
    assert_eq!(alpha(r(1, 9), r(1, 9)).unwrap(), Ratio::ZERO);
    assert_eq!(alpha(Ratio::ONE, r(1, 9)).unwrap(), Ratio::ONE);
    assert_eq!(alpha(Ratio::ZERO, r(1, 3)).unwrap(), r(-1, 2));
    // Microsoft 2017–2020 (reference §4): 2,610 of 2,694 with F ≺ P, f = 1/9:
    // (2610 − 2694/9) / (8/9 · 2694) = (23490 − 2694) / 21552 = 20796/21552.
    let from_counts = alpha_from_counts(2610, 2694, r(1, 9)).unwrap();
    assert_eq!(from_counts, r(20796, 21552));
    assert_eq!(
        from_counts,
        alpha(Ratio::from_counts(2610, 2694).unwrap(), r(1, 9)).unwrap()
    );
    assert_eq!(alpha(r(1, 2), Ratio::ONE), Err(SkillError::CertainBaseline));
    assert_eq!(
        alpha_from_counts(0, 0, r(1, 2)),
        Err(SkillError::NoObservations)
    );
    assert_eq!(
        alpha_from_counts(3, 2, r(1, 2)),
        Err(SkillError::CountsInconsistent {
            satisfied: 3,
            total: 2
        })
    );
    assert_eq!(alpha(r(3, 2), r(1, 2)), Err(SkillError::NotAFrequency));
}

/// The decision table of `observed`'s docs, one case per row.
#[test]
fn how_dated_rows_decide() {
    let model = ProcessModel::standard();
    let fp = [model.parse_precedence("F<P").unwrap()];
    let one = |f: &str, p: &str, rules: Rules| {
        let csv = format!("F,P\n{f},{p}\n");
        let data = parse_dated_csv(&csv, &model).unwrap();
        let t = tally_dated(&data, &fp, rules)[0];
        match (t.decided, t.satisfied) {
            (0, _) => None,
            (1, s) => Some(s == 1),
            _ => unreachable!(),
        }
    };
    let default = Rules::default();
    assert_eq!(default.missing, Missing::NotYet);
    assert_eq!(default.ties, Ties::Undecided);
    assert_eq!(one("2020-01-01", "2020-01-02", default), Some(true));
    assert_eq!(one("2020-01-03", "2020-01-02", default), Some(false));
    assert_eq!(one("2020-01-02", "2020-01-02", default), None);
    // Only F dated: F happened, P has not yet, so F came first.
    assert_eq!(one("2020-01-02", "", default), Some(true));
    // Only P dated: P came first.
    assert_eq!(one("", "2020-01-02", default), Some(false));
    assert_eq!(one("", "", default), None);

    let unknown = Rules {
        missing: Missing::Unknown,
        ..default
    };
    assert_eq!(one("2020-01-02", "", unknown), None);
    assert_eq!(one("", "2020-01-02", unknown), None);
    assert_eq!(one("2020-01-01", "2020-01-02", unknown), Some(true));

    let holds = Rules {
        ties: Ties::Holds,
        ..default
    };
    let fails = Rules {
        ties: Ties::Fails,
        ..default
    };
    assert_eq!(one("2020-01-02", "2020-01-02", holds), Some(true));
    assert_eq!(one("2020-01-02", "2020-01-02", fails), Some(false));
    // A day against a time on that day is a tie; two times are ordered.
    assert_eq!(one("2020-01-02", "2020-01-02T08:00:00Z", default), None);
    assert_eq!(
        one("2020-01-02T07:00:00Z", "2020-01-02T08:00:00Z", default),
        Some(true)
    );
    assert_eq!(
        one("2020-01-02T09:00:00+02:00", "2020-01-02T08:00:00Z", default),
        Some(true)
    );
}

fn example() -> String {
    std::fs::read_to_string(format!(
        "{}/examples/data/observed.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn tally_of(name: &str, rules: Rules) -> Tally {
    let model = ProcessModel::standard();
    let data = parse_dated_csv(&example(), &model).unwrap();
    tally_dated(&data, &[model.parse_precedence(name).unwrap()], rules)[0]
}

#[test]
fn example_data_counted_by_hand() {
    let model = ProcessModel::standard();
    let data = parse_dated_csv(&example(), &model).unwrap();
    assert_eq!(data.rows.len(), 8);
    assert_eq!(data.rows[0].label, "case-01");
    assert_eq!(data.ignored_columns, ["notes"]);
    let d = Rules::default();
    // F<P: holds in 01, 03, 05, 06, 08; 02 is a same-day tie; 04 has P without F
    // (fails); 07 has neither (undecided).
    assert_eq!(
        tally_of("F<P", d),
        Tally {
            satisfied: 5,
            decided: 6
        }
    );
    // D<P: holds in 03, 06, 08; fails in 01, 02 (deployed after), 04, 05 (no D, P).
    assert_eq!(
        tally_of("D<P", d),
        Tally {
            satisfied: 3,
            decided: 7
        }
    );
    // X<A: holds in 03 (X, no A), 04, 06; fails in 08 (A, no X); others have neither.
    assert_eq!(
        tally_of("X<A", d),
        Tally {
            satisfied: 3,
            decided: 4
        }
    );
    // V<P: fails only in 04 (vendor a day after the public); 07 has V and no P.
    assert_eq!(
        tally_of("V<P", d),
        Tally {
            satisfied: 7,
            decided: 8
        }
    );
    // Same-day ties counted as holding: 02 joins F<P.
    let holds = Rules {
        ties: Ties::Holds,
        ..d
    };
    assert_eq!(
        tally_of("F<P", holds),
        Tally {
            satisfied: 6,
            decided: 7
        }
    );
    // Empty cells as unknown: only rows with both dates decide.
    let unknown = Rules {
        missing: Missing::Unknown,
        ..d
    };
    assert_eq!(
        tally_of("F<P", unknown),
        Tally {
            satisfied: 5,
            decided: 5
        }
    );
    assert_eq!(
        tally_of("D<P", unknown),
        Tally {
            satisfied: 3,
            decided: 5
        }
    );
    assert_eq!(
        tally_of("X<A", unknown),
        Tally {
            satisfied: 2,
            decided: 2
        }
    );
}

#[test]
fn example_data_scored() {
    let model = ProcessModel::standard();
    let graph = ModelGraph::new(&model);
    let baselines = graph.baselines().unwrap();
    let data = parse_dated_csv(&example(), &model).unwrap();
    let tallies = tally_dated(&data, model.desiderata(), Rules::default());
    let rows = score(&baselines, &tallies);
    let row = |name: &str| rows.iter().find(|r| r.name == name).unwrap().clone();
    // F<P: (5 − 6/9) / (8/9 · 6) = (45 − 6)/48 = 13/16.
    assert_eq!(row("F<P").alpha, Some(r(13, 16)));
    assert_eq!(row("F<P").observed, Some(r(5, 6)));
    // D<P: (3 − 7/27) / (26/27 · 7) = (81 − 7)/182 = 37/91.
    assert_eq!(row("D<P").alpha, Some(r(37, 91)));
    // X<A: (3 − 4/2) / (1/2 · 4) = 1/2.
    assert_eq!(row("X<A").alpha, Some(r(1, 2)));
}

#[test]
fn observed_histories() {
    let model = ProcessModel::standard();
    let text = "# complete and partial histories\nVFDPXA\nPVFXDA\n\nVFP\n";
    let histories = parse_histories(text, &model).unwrap();
    assert_eq!(histories.len(), 3);
    let d = |s: &str| model.parse_precedence(s).unwrap();
    let desiderata: Vec<Precedence> = ["V<P", "D<P", "X<A", "D<X"].iter().map(|s| d(s)).collect();
    let t = tally_histories(&histories, &desiderata, Rules::default());
    // V<P: holds, fails, holds. D<P: holds, fails, fails (P without D).
    // X<A: holds, holds, undecided. D<X: holds, fails, undecided.
    assert_eq!(
        t[0],
        Tally {
            satisfied: 2,
            decided: 3
        }
    );
    assert_eq!(
        t[1],
        Tally {
            satisfied: 1,
            decided: 3
        }
    );
    assert_eq!(
        t[2],
        Tally {
            satisfied: 2,
            decided: 2
        }
    );
    assert_eq!(
        t[3],
        Tally {
            satisfied: 1,
            decided: 2
        }
    );
    let e = parse_histories("VFDPXA\nVFQ\n", &model).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.to_string().contains("`Q` is not an event letter"), "{e}");
    let e = parse_histories("VFV\n", &model).unwrap_err();
    assert!(e.to_string().contains("appears twice"), "{e}");
}

#[test]
fn csv_errors_name_the_line() {
    let model = ProcessModel::standard();
    let e = parse_dated_csv("id,F,P\na,2020-01-01,yesterday\n", &model).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(matches!(e.kind, ObservedErrorKind::BadDate { ref column, .. } if column == "P"));
    assert!(
        e.to_string()
            .starts_with("line 2: column `P`: `yesterday` is not a date"),
        "{e}"
    );
    let e = parse_dated_csv("F,P\n2020-01-01\n", &model).unwrap_err();
    assert_eq!(
        e.kind,
        ObservedErrorKind::FieldCount {
            expected: 2,
            found: 1
        }
    );
    let e = parse_dated_csv("cve,title\nx,y\n", &model).unwrap_err();
    assert!(
        matches!(e.kind, ObservedErrorKind::NoEventColumns { .. }),
        "{e}"
    );
    let e = parse_dated_csv("F,fix ready\n,\n", &model).unwrap_err();
    assert_eq!(e.kind, ObservedErrorKind::DuplicateColumn { letter: 'F' });
    let e = parse_dated_csv("F,P\n\"2020-01-01,\n", &model).unwrap_err();
    assert_eq!(e.kind, ObservedErrorKind::UnclosedQuote);
    assert!(matches!(
        parse_dated_csv("# only a comment\n", &model)
            .unwrap_err()
            .kind,
        ObservedErrorKind::Empty
    ));
    // Event names work as headers, in any case; quoted fields may hold commas.
    let data = parse_dated_csv(
        "Fix Ready,public aware,note\n2020-01-01,2020-02-01,\"a, b\"\n",
        &model,
    )
    .unwrap();
    assert_eq!(data.columns.len(), 2);
}

#[test]
fn csv_with_a_byte_order_mark_quotes_and_embedded_newlines() {
    // Excel writes a UTF-8 byte-order mark before the header: the first column must
    // still be recognised (here `id`, which labels the rows).
    let model = ProcessModel::standard();
    let text = "\u{feff}id,V,F,P,note\r\n\
                c1,2021-01-01,2021-01-05,2021-01-10,\"two\nlines, with a comma\"\r\n\
                \"c,2\",\"2021-02-01\",,2021-02-10,\"say \"\"hi\"\"\"\r\n\
                # a comment\r\n\
                \r\n\
                c3,2021-03-01,,,\r\n";
    let data = parse_dated_csv(text, &model).unwrap();
    let labels: Vec<&str> = data.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["c1", "c,2", "c3"]);
    assert_eq!(data.ignored_columns, ["note"]);
    let v = model.event('V').unwrap();
    let p = model.event('P').unwrap();
    assert!(data.rows.iter().all(|r| r.dates[v.index()].is_some()));
    // The row after the embedded newline starts on line 4 and is still read right.
    assert!(data.rows[1].dates[p.index()].is_some());
    let e = parse_dated_csv("id,V\n\"a,2021-01-01\n", &model).unwrap_err();
    assert_eq!(e.kind, ObservedErrorKind::UnclosedQuote);
}

#[test]
fn rows_and_histories_the_model_forbids_are_named() {
    use mpcvd::analysis::admissible::{forbidden_history, forbidden_row};
    let model = ProcessModel::standard();
    let rules = Rules::default();
    let data = parse_dated_csv(
        "id,V,F,D,P\n\
         fine,2021-01-01,2021-01-05,2021-01-06,2021-01-10\n\
         fix-first,2021-02-05,2021-02-01,,\n\
         same-day,2021-03-01,2021-03-01,,\n\
         public-first,,,,2021-04-01\n",
        &model,
    )
    .unwrap();
    let why: Vec<Option<String>> = data
        .rows
        .iter()
        .map(|r| forbidden_row(&model, r, rules))
        .collect();
    assert_eq!(why[0], None);
    assert_eq!(
        why[1].as_deref(),
        Some("`F` cannot happen in state `vfdpxa` (the model allows VPXA)")
    );
    // V and F on the same day: the order V, F is allowed.
    assert_eq!(why[2], None);
    // P with V not yet (missing = not yet): the public knowing forces V next, and
    // nothing more happened, so the partial history is allowed.
    assert_eq!(why[3], None);
    // With unknown missing dates only the model's orderings are checked.
    let unknown = Rules {
        missing: Missing::Unknown,
        ..Rules::default()
    };
    assert!(
        forbidden_row(&model, &data.rows[1], unknown)
            .unwrap()
            .contains("V<F")
    );
    assert_eq!(forbidden_row(&model, &data.rows[2], unknown), None);
    // Histories: F before V, and X while the public is unaware.
    let h = parse_histories("VFDPXA\nFV\nVXF\n", &model).unwrap();
    assert_eq!(forbidden_history(&model, &h[0]), None);
    assert!(
        forbidden_history(&model, &h[1])
            .unwrap()
            .starts_with("`F` cannot happen")
    );
    assert_eq!(
        forbidden_history(&model, &h[2]).as_deref(),
        Some("`F` cannot happen in state `VfdpXa` (the model allows P)")
    );
}
