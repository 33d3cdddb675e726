//! The `simulate --plot` SVG, written by hand: two panels, desiderata rates per
//! policy (bars with 95% intervals, the indifference baseline as a tick) and the
//! distribution of days to publication (one line per policy). Written out rather
//! than drawn with a plotting crate so that the CLI needs no font or image stack
//! and the file is byte-for-byte the same for the same seed.

use std::fmt::Write as _;

use mpcvd::simulate::Summary;
use mpcvd::simulate::summary::Days;

const COLOURS: [&str; 6] = [
    "#1b6ca8", "#d1495b", "#edae49", "#00798c", "#6c4f77", "#5b8c2a",
];
const W: f64 = 900.0;
const TOP_H: f64 = 300.0;
const BOTTOM_H: f64 = 240.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 20.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The SVG document for these summaries.
pub(crate) fn svg(title: &str, summaries: &[Summary]) -> String {
    let height = 40.0 + TOP_H + 60.0 + BOTTOM_H + 60.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" viewBox="0 0 {W} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(s, r#"<rect width="{W}" height="{height}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="22" text-anchor="middle" font-size="14">{}: desiderata held (95% CI; black tick = indifference baseline f_d)</text>"#,
        W / 2.0,
        esc(title)
    );
    desiderata(&mut s, summaries, 40.0);
    days(&mut s, summaries, 40.0 + TOP_H + 60.0);
    // Legend.
    for (k, summary) in summaries.iter().enumerate() {
        let x = LEFT + 150.0 * k as f64;
        let y = height - 18.0;
        let colour = COLOURS.get(k % COLOURS.len()).copied().unwrap_or("black");
        let _ = writeln!(
            s,
            r#"<rect x="{x}" y="{}" width="12" height="12" fill="{colour}"/><text x="{}" y="{y}">{}</text>"#,
            y - 10.0,
            x + 16.0,
            esc(&summary.policy)
        );
    }
    s.push_str("</svg>\n");
    s
}

fn desiderata(s: &mut String, summaries: &[Summary], top: f64) {
    let plot_w = W - LEFT - RIGHT;
    let bottom = top + TOP_H;
    axis(s, top, bottom, 1.0, "share");
    let groups = 12.0;
    let group_w = plot_w / groups;
    let n = summaries.len().max(1) as f64;
    let bar_w = (group_w - 8.0) / n;
    let y = |v: f64| bottom - v * TOP_H;
    for g in 0..12 {
        let gx = LEFT + group_w * f64::from(g) + 4.0;
        let mut label = String::new();
        let mut baseline = None;
        for (k, summary) in summaries.iter().enumerate() {
            let Some(d) = summary.desiderata.get(g as usize) else {
                continue;
            };
            label.clone_from(&d.name);
            baseline = Some(d.baseline);
            let colour = COLOURS.get(k % COLOURS.len()).copied().unwrap_or("black");
            let x = gx + bar_w * k as f64;
            let _ = writeln!(
                s,
                r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"/>"#,
                y(d.rate.rate),
                (bar_w - 1.0).max(1.0),
                d.rate.rate * TOP_H
            );
            let cx = x + bar_w / 2.0;
            let _ = writeln!(
                s,
                r#"<line x1="{cx:.1}" x2="{cx:.1}" y1="{:.1}" y2="{:.1}" stroke="black"/>"#,
                y(d.rate.low),
                y(d.rate.high)
            );
        }
        if let Some(b) = baseline {
            let _ = writeln!(
                s,
                r#"<line x1="{gx:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="black" stroke-width="2"/>"#,
                gx + group_w - 8.0,
                y(b),
                y(b)
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            gx + (group_w - 8.0) / 2.0,
            bottom + 14.0,
            esc(&label)
        );
    }
}

fn days(s: &mut String, summaries: &[Summary], top: f64) {
    let bottom = top + BOTTOM_H;
    let bins = summaries
        .iter()
        .map(|x| x.days.histogram.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let share = |summary: &Summary, count: u64| count as f64 / summary.runs.max(1) as f64;
    let peak = summaries
        .iter()
        .flat_map(|x| x.days.histogram.iter().map(move |&c| share(x, c)))
        .fold(0.0_f64, f64::max)
        .max(0.01);
    axis(s, top, bottom, peak, "share of runs");
    let plot_w = W - LEFT - RIGHT;
    let bin_w = plot_w / bins as f64;
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle" font-size="13">days to publication ({}-day bins)</text>"#,
        W / 2.0,
        top - 8.0,
        Days::BIN
    );
    for b in (0..=bins).step_by((bins / 12).max(1)) {
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            LEFT + bin_w * b as f64,
            bottom + 14.0,
            b as f64 * Days::BIN
        );
    }
    for (k, summary) in summaries.iter().enumerate() {
        let colour = COLOURS.get(k % COLOURS.len()).copied().unwrap_or("black");
        let mut points = String::new();
        for b in 0..bins {
            let count = summary.days.histogram.get(b).copied().unwrap_or(0);
            let y = bottom - share(summary, count) / peak * BOTTOM_H;
            let x0 = LEFT + bin_w * b as f64;
            let _ = write!(points, "{x0:.1},{y:.1} {:.1},{y:.1} ", x0 + bin_w);
        }
        let _ = writeln!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            points.trim_end()
        );
    }
}

fn axis(s: &mut String, top: f64, bottom: f64, max: f64, label: &str) {
    let _ = writeln!(
        s,
        r#"<line x1="{LEFT}" x2="{LEFT}" y1="{top}" y2="{bottom}" stroke="black"/><line x1="{LEFT}" x2="{}" y1="{bottom}" y2="{bottom}" stroke="black"/>"#,
        W - RIGHT
    );
    for t in 0..=4 {
        let v = max * f64::from(t) / 4.0;
        let y = bottom - (bottom - top) * f64::from(t) / 4.0;
        let _ = writeln!(
            s,
            r##"<line x1="{}" x2="{LEFT}" y1="{y:.1}" y2="{y:.1}" stroke="black"/><text x="{}" y="{:.1}" text-anchor="end">{v:.2}</text><line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/>"##,
            LEFT - 4.0,
            LEFT - 6.0,
            y + 4.0,
            W - RIGHT
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="14" y="{:.1}" transform="rotate(-90 14 {:.1})" text-anchor="middle">{label}</text>"#,
        (top + bottom) / 2.0,
        (top + bottom) / 2.0
    );
}
