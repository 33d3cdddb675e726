//! Analysis of the standard model and its variants checked against an independent
//! brute force: every permutation of the events, each step judged by rules written
//! here from reference §3 (not read from the crate), frequencies as plain fractions.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "test code: a panic is a failed assertion"
)]

use std::collections::{BTreeMap, BTreeSet};

use mpcvd::analysis::{EventSet, ModelGraph, ProcessModel, Ratio};

// ---------------------------------------------------------------- fractions ---

/// A non-negative fraction, reduced; enough for these small models.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Frac(u128, u128);

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl Frac {
    const ZERO: Self = Self(0, 1);
    const ONE: Self = Self(1, 1);
    fn new(n: u128, d: u128) -> Self {
        let g = gcd(n, d).max(1);
        Self(n / g, d / g)
    }
    fn add(self, o: Self) -> Self {
        Self::new(self.0 * o.1 + o.0 * self.1, self.1 * o.1)
    }
    fn mul(self, o: Self) -> Self {
        Self::new(self.0 * o.0, self.1 * o.1)
    }
    fn f64(self) -> f64 {
        self.0 as f64 / self.1 as f64
    }
    fn ratio(self) -> Ratio {
        Ratio::new(self.0 as i128, self.1 as i128).unwrap()
    }
}

// ------------------------------------------------------------- brute force ---

/// A model written independently: letters, and "may event `e` happen in state `s`?"
/// (`s` a bit set, bit `i` = letter `i`; `e` not yet in `s`).
struct Rules {
    letters: &'static str,
    allowed: fn(u32, usize) -> bool,
}

fn has(s: u32, i: usize) -> bool {
    s & (1 << i) != 0
}

// Letter positions used by the rules below.
const V: usize = 0;
const F: usize = 1;
const D: usize = 2;
const P: usize = 3;
const X: usize = 4;
const M: usize = 6;

/// Reference §3: D needs F, F needs V; in `v··P··` only V; in `···pX·` only P.
fn standard_rule(s: u32, e: usize) -> bool {
    if (e == F && !has(s, V)) || (e == D && !has(s, F)) {
        return false;
    }
    if has(s, P) && !has(s, V) && e != V {
        return false;
    }
    if has(s, X) && !has(s, P) && e != P {
        return false;
    }
    true
}

/// The mitigation variant: the standard rules, plus M needs V.
fn mitigation_rule(s: u32, e: usize) -> bool {
    standard_rule(s, e) && (e != M || has(s, V))
}

/// The standard rules without "`v··P··` only takes V".
fn no_vendor_forcing_rule(s: u32, e: usize) -> bool {
    if (e == F && !has(s, V)) || (e == D && !has(s, F)) {
        return false;
    }
    !(has(s, X) && !has(s, P) && e != P)
}

struct Brute {
    /// Valid histories (as letter strings) and their frequency.
    histories: BTreeMap<String, Frac>,
    /// States on valid histories, as texts like `VfdPxa`.
    states: BTreeSet<String>,
    /// (state text, letter, next state text).
    edges: BTreeSet<(String, char, String)>,
}

fn state_text(letters: &str, s: u32) -> String {
    letters
        .chars()
        .enumerate()
        .map(|(i, c)| if has(s, i) { c } else { c.to_ascii_lowercase() })
        .collect()
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    fn go(rest: &mut Vec<usize>, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if rest.is_empty() {
            out.push(cur.clone());
            return;
        }
        for i in 0..rest.len() {
            let e = rest.remove(i);
            cur.push(e);
            go(rest, cur, out);
            cur.pop();
            rest.insert(i, e);
        }
    }
    let mut out = Vec::new();
    go(&mut (0..n).collect(), &mut Vec::new(), &mut out);
    out
}

fn brute(rules: &Rules) -> Brute {
    let n = rules.letters.len();
    let letters: Vec<char> = rules.letters.chars().collect();
    let mut out = Brute {
        histories: BTreeMap::new(),
        states: BTreeSet::new(),
        edges: BTreeSet::new(),
    };
    for perm in permutations(n) {
        let mut s = 0u32;
        let mut f = Frac::ONE;
        let mut visited = vec![s];
        let mut ok = true;
        for &e in &perm {
            let choices = (0..n)
                .filter(|&c| !has(s, c) && (rules.allowed)(s, c))
                .count();
            if !(rules.allowed)(s, e) {
                ok = false;
                break;
            }
            f = f.mul(Frac::new(1, choices as u128));
            s |= 1 << e;
            visited.push(s);
        }
        if !ok {
            continue;
        }
        let text: String = perm.iter().map(|&e| letters[e]).collect();
        out.histories.insert(text, f);
        for (w, &e) in visited.windows(2).zip(&perm) {
            out.states.insert(state_text(rules.letters, w[0]));
            out.edges.insert((
                state_text(rules.letters, w[0]),
                letters[e],
                state_text(rules.letters, w[1]),
            ));
        }
        out.states.insert(state_text(rules.letters, s));
    }
    out
}

/// `Σ f_h` over the brute-force histories where `a` comes before `b`.
fn brute_precedence(b: &Brute, first: char, second: char) -> Frac {
    b.histories
        .iter()
        .filter(|(h, _)| h.find(first) < h.find(second))
        .fold(Frac::ZERO, |sum, (_, &f)| sum.add(f))
}

// -------------------------------------------------------------- comparison ---

fn load(path: &str) -> ProcessModel {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    ProcessModel::from_json(&text).unwrap()
}

/// Everything the crate computes for `model` agrees with the brute force.
fn agree(model: &ProcessModel, rules: &Rules) -> Brute {
    let b = brute(rules);
    let graph = ModelGraph::new(model);
    assert_eq!(
        model.events().iter().map(|e| e.letter).collect::<String>(),
        rules.letters
    );

    let states: BTreeSet<String> = graph
        .states()
        .iter()
        .map(|&s| model.state_text(s))
        .collect();
    assert_eq!(states, b.states, "states of {}", model.name());
    let edges: BTreeSet<(String, char, String)> = graph
        .edges()
        .iter()
        .map(|e| {
            (
                model.state_text(e.from),
                model.letter(e.event),
                model.state_text(e.to),
            )
        })
        .collect();
    assert_eq!(edges.len(), graph.edge_count(), "edges are distinct");
    assert_eq!(edges, b.edges, "edges of {}", model.name());

    assert_eq!(graph.history_count(), Some(b.histories.len() as u128));
    let listed: BTreeMap<String, Ratio> = graph
        .histories()
        .map(|h| (model.sequence_text(&h.events), h.frequency))
        .collect();
    assert_eq!(listed.len(), b.histories.len(), "histories are distinct");
    for (h, f) in &b.histories {
        assert_eq!(listed.get(h), Some(&f.ratio()), "f_h of {h}");
    }
    let sum = b.histories.values().fold(Frac::ZERO, |s, &f| s.add(f));
    assert_eq!(sum, Frac::ONE);
    assert_eq!(graph.total_frequency().unwrap(), Ratio::ONE);

    // Most likely: the brute-force maximum, all ties.
    let best = b.histories.values().map(|f| f.f64()).fold(0.0, f64::max);
    let best_set: BTreeSet<&String> = b
        .histories
        .iter()
        .filter(|(_, f)| f.f64() == best)
        .map(|(h, _)| h)
        .collect();
    let ml = graph.most_likely();
    let ml_set: BTreeSet<String> = ml
        .histories
        .iter()
        .map(|h| model.sequence_text(h))
        .collect();
    assert_eq!(ml_set.iter().collect::<BTreeSet<_>>(), best_set);
    assert_eq!(
        ml.frequency,
        b.histories[*best_set.first().unwrap()].ratio()
    );

    // Every ordered pair, and every desideratum.
    let table = graph.pair_table().unwrap();
    for a in model.event_ids() {
        for c in model.event_ids() {
            let expected = if a == c {
                Frac::ZERO
            } else {
                brute_precedence(&b, model.letter(a), model.letter(c))
            };
            assert_eq!(table.get(a, c), Some(expected.ratio()));
        }
    }
    for baseline in graph.baselines().unwrap() {
        let d = baseline.desideratum;
        let expected = brute_precedence(&b, model.letter(d.before), model.letter(d.after));
        assert_eq!(
            baseline.baseline,
            expected.ratio(),
            "f_d of {}",
            baseline.name
        );
        assert_eq!(graph.precedence_probability(d).unwrap(), expected.ratio());
    }
    b
}

const STANDARD: Rules = Rules {
    letters: "VFDPXA",
    allowed: standard_rule,
};

#[test]
fn standard_model_counts_from_the_reference() {
    let model = ProcessModel::standard();
    let b = agree(&model, &STANDARD);
    // Reference §3: 32 states, 58 edges, 70 of the 720 orderings.
    assert_eq!(b.states.len(), 32);
    assert_eq!(b.edges.len(), 58);
    assert_eq!(b.histories.len(), 70);
    let graph = ModelGraph::new(&model);
    assert_eq!(graph.state_count(), 32);
    assert_eq!(graph.edge_count(), 58);
    assert_eq!(graph.history_count(), Some(70));
}

#[test]
fn standard_model_loaded_from_json_is_the_built_in_one() {
    let loaded = load("examples/models/standard.json");
    let built = ProcessModel::standard();
    assert_eq!(loaded.to_spec().events, built.to_spec().events);
    assert_eq!(loaded.orderings(), built.orderings());
    assert_eq!(loaded.forcing(), built.forcing());
    assert_eq!(loaded.desiderata(), built.desiderata());
    agree(&loaded, &STANDARD);
}

#[test]
fn most_likely_history_is_xpvafd() {
    // From the per-state successor table of reference §3: vfdpxa has 4 successors,
    // then vfdpXa {P}, vfdPXa {V}, VfdPXa {F, A}, VfdPXA {F}, VFdPXA {D}:
    // X P V A F D has f_h = 1/4 · 1 · 1 · 1/2 · 1 · 1 = 1/8, and no other path has
    // only one choice besides the first (brute force checks it is the unique max).
    let model = ProcessModel::standard();
    let ml = ModelGraph::new(&model).most_likely();
    assert_eq!(ml.frequency, Ratio::new(1, 8).unwrap());
    let texts: Vec<String> = ml
        .histories
        .iter()
        .map(|h| model.sequence_text(h))
        .collect();
    assert_eq!(texts, ["XPVAFD"]);
    let b = brute(&STANDARD);
    let over: Vec<_> = b
        .histories
        .iter()
        .filter(|(_, f)| f.f64() >= 0.125)
        .collect();
    assert_eq!(over.len(), 1);
}

/// The published table (reference §4, `tab_exp_freq.md`): row ≺ column, 3 places.
const PUBLISHED: [[f64; 6]; 6] = [
    [0.0, 1.0, 1.0, 0.333, 0.667, 0.750],
    [0.0, 0.0, 1.0, 0.111, 0.333, 0.375],
    [0.0, 0.0, 0.0, 0.037, 0.167, 0.187],
    [0.667, 0.889, 0.963, 0.0, 0.500, 0.667],
    [0.333, 0.667, 0.833, 0.500, 0.0, 0.500],
    [0.250, 0.625, 0.812, 0.333, 0.500, 0.0],
];

#[test]
fn pairwise_table_reproduces_the_published_one() {
    let model = ProcessModel::standard();
    let table = ModelGraph::new(&model).pair_table().unwrap();
    for (a, row) in model.event_ids().zip(PUBLISHED) {
        for (c, published) in model.event_ids().zip(row) {
            let exact = table.get(a, c).unwrap().to_f64();
            assert!(
                (exact - published).abs() <= 0.0005 + 1e-12,
                "{}<{}: exact {exact}, published {published}",
                model.letter(a),
                model.letter(c)
            );
        }
    }
    // Complementary pairs sum to one.
    for a in model.event_ids() {
        for c in model.event_ids().filter(|&c| c != a) {
            let sum = table
                .get(a, c)
                .unwrap()
                .checked_add(table.get(c, a).unwrap())
                .unwrap();
            assert_eq!(sum, Ratio::ONE);
        }
    }
}

#[test]
fn the_twelve_baselines() {
    let model = ProcessModel::standard();
    let baselines = ModelGraph::new(&model).baselines().unwrap();
    let names: Vec<&str> = baselines.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "V<P", "V<X", "V<A", "F<P", "F<X", "F<A", "D<P", "D<X", "D<A", "P<X", "P<A", "X<A"
        ]
    );
    // Published, 3 places (reference §4): the upper-right triangle of the table.
    let published = [
        0.333, 0.667, 0.750, 0.111, 0.333, 0.375, 0.037, 0.167, 0.187, 0.5, 0.667, 0.5,
    ];
    for (b, p) in baselines.iter().zip(published) {
        assert!(
            (b.baseline.to_f64() - p).abs() <= 0.0005 + 1e-12,
            "{}",
            b.name
        );
    }
    // Reference §4 / contradiction 6: D ≺ A is exactly 3/16 (printed 0.187).
    assert_eq!(baselines[8].baseline, Ratio::new(3, 16).unwrap());
    // The brute force gives every value exactly.
    let b = brute(&STANDARD);
    for base in &baselines {
        let (x, y) = (
            base.name.as_bytes()[0] as char,
            base.name.as_bytes()[2] as char,
        );
        assert_eq!(base.baseline, brute_precedence(&b, x, y).ratio());
    }
}

#[test]
fn mitigation_variant_agrees_with_brute_force() {
    let model = load("examples/models/mitigation.json");
    let b = agree(
        &model,
        &Rules {
            letters: "VFDPXAM",
            allowed: mitigation_rule,
        },
    );
    // M adds a free event after V: more of everything than the standard model.
    assert!(b.histories.len() > 70);
    assert_eq!(model.desiderata().len(), 15);
    // Each standard state is present with M either way where V has happened, and
    // only with `m` where it has not (M needs V).
    let graph = ModelGraph::new(&model);
    let without_m = graph
        .states()
        .iter()
        .filter(|s| !s.contains(model.event('M').unwrap()))
        .count();
    assert_eq!(without_m, 32);
}

#[test]
fn dropping_the_vendor_forcing_rule_agrees_with_brute_force() {
    let model = load("examples/models/no-public-forces-vendor.json");
    let b = agree(
        &model,
        &Rules {
            letters: "VFDPXA",
            allowed: no_vendor_forcing_rule,
        },
    );
    // Same 32 states (the rule never made a state unreachable), more edges and
    // histories: `vfdP··` states now allow X and A as well as V.
    assert_eq!(b.states.len(), 32);
    assert!(b.edges.len() > 58);
    assert!(b.histories.len() > 70);
    // Without the rule the vendor may learn last: P A X V F D is now a history, and
    // its f_h is 1/4 (P first) · 1/3 (vfdPxa: V, X, A) · 1/2 (vfdPxA: V, X) = 1/24.
    let graph = ModelGraph::new(&model);
    let late = "PAXVFD";
    let events: Vec<_> = late.chars().map(|c| model.event(c).unwrap()).collect();
    assert_eq!(
        graph.history_frequency(&events),
        Some(Ratio::new(1, 24).unwrap())
    );
    assert_eq!(b.histories[late].ratio(), Ratio::new(1, 24).unwrap());
    let standard = ModelGraph::new(&ProcessModel::standard());
    assert_eq!(standard.history_frequency(&events), None);
}

#[test]
fn unconstrained_model_is_uniform() {
    // Four events, no rules: 4! histories of 1/24 each, every P(a ≺ b) = 1/2, and
    // 2^4 states with 4·2^3 edges.
    let json = r#"{"name": "free", "events": [
        {"letter": "A", "name": "a"}, {"letter": "B", "name": "b"},
        {"letter": "C", "name": "c"}, {"letter": "D", "name": "d"}],
        "desiderata": ["A<B", "D<C"]}"#;
    let model = ProcessModel::from_json(json).unwrap();
    let graph = ModelGraph::new(&model);
    assert_eq!(graph.state_count(), 16);
    assert_eq!(graph.edge_count(), 32);
    assert_eq!(graph.history_count(), Some(24));
    assert!(
        graph
            .histories()
            .all(|h| h.frequency == Ratio::new(1, 24).unwrap())
    );
    for b in graph.baselines().unwrap() {
        assert_eq!(b.baseline, Ratio::new(1, 2).unwrap());
    }
    assert_eq!(graph.most_likely().histories.len(), 24);
    assert!(graph.states().contains(&EventSet::from_bits(0b1111)));
}
