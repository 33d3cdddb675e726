//! Mutation test of the conformance checker: every claim that holds, of every
//! readable trace in `tests/vectors/`, is flipped, one at a time, to a false value of
//! its kind, and the checker must report a deviation it did not report before.
//! (A claim the checker already contradicts, in the vectors that exist to be
//! contradicted, is false already and not flipped.) At least 99% of the
//! flips must be caught; every miss is listed in [`EXPLAINED`] with the reason, and
//! every listed miss must still be one (the list cannot go stale).

use std::fs;
use std::path::Path;

use mpcvd::conformance::{Trace, Verdict, check};
use serde_json::{Value, json};

/// The flips the checker does not catch, by `vector/step/claim`, and why.
const EXPLAINED: &[(&str, &str)] = &[
    (
        "f1-refused-sends-unread/1/sends",
        "format 1 does not read the sends of a refused step (kept for format-1 meaning; format 2 checks them: f2-contra-refused-sends)",
    ),
    (
        "f1-refused-sends-unread/1/sends[0].type",
        "format 1 does not read the sends of a refused step",
    ),
    (
        "f1-refused-sends-unread/1/sends[0].from",
        "format 1 does not read the sends of a refused step",
    ),
    (
        "f1-refused-sends-unread/1/sends[0].to",
        "format 1 does not read the sends of a refused step",
    ),
];

const EM: [&str; 5] = ["none", "proposed", "active", "revise", "exited"];
const RM: [&str; 7] = [
    "start", "received", "invalid", "valid", "accepted", "deferred", "closed",
];
const VFD: [&str; 4] = ["vfd", "Vfd", "VFd", "VFD"];
const CONSENT: [&str; 5] = ["no_embargo", "invited", "signatory", "declined", "lapsed"];
const END: [&str; 5] = [
    "expired",
    "terminated",
    "public_aware",
    "exploit_public",
    "attacks_observed",
];
const TYPES: [&str; 4] = ["GI", "RK", "EK", "CK"];

/// The next value of `list` after `v` (a different value of the same kind).
fn next(list: &[&str], v: &Value) -> Value {
    let i = list
        .iter()
        .position(|x| Some(*x) == v.as_str())
        .unwrap_or(0);
    json!(list[(i + 1) % list.len()])
}

fn later(time: &Value) -> Value {
    let t: chrono::DateTime<chrono::Utc> = serde_json::from_value(time.clone()).unwrap();
    json!((t + chrono::Duration::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

fn shift_terms(terms: &Value) -> Value {
    let mut out = terms.clone();
    out["end"] = later(&terms["end"]);
    out
}

fn flip_pxa(v: &Value) -> Value {
    let s = v.as_str().unwrap();
    let mut chars: Vec<char> = s.chars().collect();
    chars[0] = if chars[0].is_uppercase() {
        chars[0].to_ascii_lowercase()
    } else {
        chars[0].to_ascii_uppercase()
    };
    json!(chars.into_iter().collect::<String>())
}

/// Another participant than `v`, or an outsider.
fn other(ids: &[String], v: &Value) -> Value {
    json!(
        ids.iter()
            .find(|id| Some(id.as_str()) != v.as_str())
            .cloned()
            .unwrap_or_else(|| "nobody".to_owned())
    )
}

/// A different recipient set: one more participant if any is left out, else one fewer.
fn other_set(ids: &[String], v: &Value) -> Value {
    let list: Vec<String> = serde_json::from_value(v.clone()).unwrap();
    match ids.iter().find(|id| !list.contains(id)) {
        Some(extra) => {
            let mut more = list.clone();
            more.push(extra.clone());
            json!(more)
        }
        None => json!(list[1..].to_vec()),
    }
}

/// Every flip of one step's claims: (claim path, the step's `expect` flipped).
fn flips(expect: &Value, ids: &[String]) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let Some(map) = expect.as_object() else {
        return out;
    };
    let mut put = |path: String, f: &dyn Fn(&mut Value)| {
        let mut e = expect.clone();
        f(&mut e);
        out.push((path, e));
    };
    for (key, value) in map {
        match key.as_str() {
            "refused" => {
                let r = if value == "send.role" {
                    "time.monotonic"
                } else {
                    "send.role"
                };
                put(key.clone(), &|e| e[key.as_str()] = json!(r));
            }
            "error_reply" => {
                let r = if value == "GE" { "RE" } else { "GE" };
                put(key.clone(), &|e| e[key.as_str()] = json!(r));
            }
            "owner" => put(key.clone(), &|e| e["owner"] = other(ids, value)),
            "em" => put(key.clone(), &|e| e["em"] = next(&EM, value)),
            "pxa" => put(key.clone(), &|e| e["pxa"] = flip_pxa(value)),
            "participants" => {
                for (id, claim) in value.as_object().unwrap() {
                    for (field, v) in claim.as_object().unwrap() {
                        let flipped = match field.as_str() {
                            "rm" => next(&RM, v),
                            "vfd" => next(&VFD, v),
                            "consent" => next(&CONSENT, v),
                            "embargo_view" => {
                                let mut l = v.as_array().unwrap().clone();
                                l.push(json!(if l.last() == Some(&json!("exited")) {
                                    "none"
                                } else {
                                    "exited"
                                }));
                                json!(l)
                            }
                            other => panic!("unknown participant claim {other}"),
                        };
                        put(format!("participants.{id}.{field}"), &|e| {
                            e["participants"][id.as_str()][field.as_str()] = flipped.clone();
                        });
                    }
                }
            }
            "embargo" => {
                for (part, v) in value.as_object().unwrap() {
                    let flipped = match part.as_str() {
                        "state" => next(&EM, v),
                        "terms" | "pending" => shift_terms(v),
                        "proposed_by" | "revision_by" => other(ids, v),
                        "end" => next(&END, v),
                        other => panic!("unknown embargo claim {other}"),
                    };
                    put(format!("embargo.{part}"), &|e| {
                        e["embargo"][part.as_str()] = flipped.clone();
                    });
                }
            }
            "sends" => {
                let list = value.as_array().unwrap();
                // The list is exact: one message more is false.
                put(key.clone(), &|e| {
                    e["sends"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"type": "GI", "from": ids[0], "to": [ids[ids.len() - 1]]}));
                });
                for (n, m) in list.iter().enumerate() {
                    for (field, v) in m.as_object().unwrap() {
                        let flipped = match field.as_str() {
                            "type" => next(&TYPES, v),
                            "from" => other(ids, v),
                            "to" => other_set(ids, v),
                            "payload" => {
                                if v["kind"] == "embargo" {
                                    let mut p = v.clone();
                                    p["end"] = later(&v["end"]);
                                    p
                                } else if v["kind"] == "none" {
                                    json!({"kind": "text", "text": "x"})
                                } else {
                                    json!({"kind": "none"})
                                }
                            }
                            "in_reply_to" => next(&TYPES, v),
                            other => panic!("unknown send claim {other}"),
                        };
                        put(format!("sends[{n}].{field}"), &|e| {
                            e["sends"][n][field.as_str()] = flipped.clone();
                        });
                    }
                }
            }
            "warnings" => {
                let (how, rules) = value.as_object().unwrap().iter().next().unwrap();
                let extra = if rules.as_array().unwrap().contains(&json!("view.crossed")) {
                    "close.embargo-in-force"
                } else {
                    "view.crossed"
                };
                put(format!("warnings.{how}"), &|e| {
                    e["warnings"][how.as_str()]
                        .as_array_mut()
                        .unwrap()
                        .push(json!(extra));
                });
            }
            "deadlines" => {
                let list = value.as_array().unwrap();
                put(key.clone(), &|e| {
                    e["deadlines"].as_array_mut().unwrap().push(
                        json!({"at": "2030-01-01T00:00:00Z", "kind": {"deadline": "embargo_ends"}}),
                    );
                });
                for n in 0..list.len() {
                    put(format!("deadlines[{n}].at"), &|e| {
                        e["deadlines"][n]["at"] = later(&list[n]["at"]);
                    });
                }
            }
            other => panic!("unknown claim {other}"),
        }
    }
    out
}

/// The checker's claim name for a flip's path, and the participant it is about:
/// `participants.acme.rm` is `rm` of `acme`, `sends[0].to` is `sends`.
fn root(path: &str) -> (&str, Option<&str>) {
    if let Some(rest) = path.strip_prefix("participants.") {
        let (who, field) = rest.split_once('.').unwrap();
        return (field, Some(who));
    }
    if path.starts_with("embargo.") {
        return (path, None);
    }
    let end = path.find(['[', '.']).unwrap_or(path.len());
    (&path[..end], None)
}

#[test]
fn the_checker_catches_at_least_99_percent_of_flipped_claims() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let (mut total, mut caught) = (0usize, 0usize);
    let mut misses = Vec::new();
    for path in &paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(path).unwrap();
        if matches!(
            Trace::expect_of(&text),
            Some(Verdict::RefusedDocument { .. })
        ) {
            continue;
        }
        let value: Value = serde_json::from_str(&text).unwrap();
        let original = check(&Trace::from_json(&text).unwrap()).unwrap().deviations;
        let before = original.len();
        let mut ids: Vec<String> = value["participants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect();
        for step in value["steps"].as_array().unwrap() {
            if step["input"] == "add_participant" {
                ids.push(step["participant"]["id"].as_str().unwrap().to_owned());
            }
        }
        for (i, step) in value["steps"].as_array().unwrap().iter().enumerate() {
            let Some(expect) = step.get("expect") else {
                continue;
            };
            for (claim, flipped) in flips(expect, &ids) {
                let (root, who) = root(&claim);
                let false_already = original.iter().any(|d| {
                    d.step == i
                        && d.claim == root
                        && who.is_none_or(|w| d.participant.as_ref().map(|p| p.as_str()) == Some(w))
                });
                if false_already {
                    continue;
                }
                let mut mutant = value.clone();
                mutant["steps"][i]["expect"] = flipped;
                total += 1;
                let after = Trace::from_json(&mutant.to_string())
                    .and_then(|t| check(&t))
                    .map(|r| r.deviations.len());
                match after {
                    Ok(n) if n > before => caught += 1,
                    other => misses.push((format!("{name}/{i}/{claim}"), other)),
                }
            }
        }
    }
    let unexplained: Vec<_> = misses
        .iter()
        .filter(|(key, _)| !EXPLAINED.iter().any(|(k, _)| k == key))
        .collect();
    assert!(
        unexplained.is_empty(),
        "unexplained misses: {unexplained:#?}"
    );
    for (key, _) in EXPLAINED {
        assert!(
            misses.iter().any(|(k, _)| k == key),
            "{key} is listed as a miss but is caught: remove it from EXPLAINED"
        );
    }
    assert!(total >= 500, "only {total} claims");
    println!("mutation score: {caught}/{total} flipped claims caught");
    assert!(
        caught * 100 >= total * 99,
        "only {caught} of {total} flipped claims caught"
    );
}
