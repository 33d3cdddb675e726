//! Mermaid `sequenceDiagram`s of exchanges: a conformance trace (drawn by
//! [`crate::conformance::diagram`]) and an explorer's counterexample
//! ([`counterexample`]), in one notation:
//! - a message received (an input, or a step of a run) is a solid arrow
//!   `a->>b: 3. EA`, one per recipient, numbered by its step;
//! - a message the step made due is a dashed arrow `a-->>b: EK`;
//! - a local decision, status or other input is a note over its author;
//! - a deviation (or the broken invariant) is a note on a red band
//!   (`rect rgb(255, 215, 215)`) over the participant at fault.
//!
//! Participants are declared `participant p0 as fay` in order of appearance, so
//! any id is safe; text is kept to characters Mermaid does not read as syntax.

use std::fmt::Write as _;

use crate::analysis::explore::TraceStep;

/// A sequence diagram being built.
#[derive(Debug, Clone, Default)]
pub struct Sequence {
    names: Vec<String>,
    lines: Vec<String>,
}

/// The most characters of one label, note or mark; a longer text is cut there and
/// ends with `…`, so a diagram costs at most this much a line whatever the text.
pub const MAX_LABEL: usize = 160;

/// `text` without what Mermaid reads as syntax (`;`, `#`, `<`, `>`, newlines),
/// at most [`MAX_LABEL`] characters.
fn clean(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| match c {
            ';' => ',',
            '#' => '№',
            '<' => '‹',
            '>' => '›',
            '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .take(MAX_LABEL)
        .collect();
    if text.chars().count() > MAX_LABEL {
        out.push('…');
    }
    out
}

impl Sequence {
    /// An empty diagram.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The alias of `name`, declared on first use.
    pub fn participant(&mut self, name: &str) -> String {
        let index = match self.names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.names.push(name.to_owned());
                self.names.len().saturating_sub(1)
            }
        };
        format!("p{index}")
    }

    /// An arrow from `from` to `to`: solid for a message received, dashed for one
    /// made due.
    pub fn message(&mut self, from: &str, to: &str, label: &str, due: bool) {
        let (a, b) = (self.participant(from), self.participant(to));
        let arrow = if due { "-->>" } else { "->>" };
        self.lines
            .push(format!("    {a}{arrow}{b}: {}", clean(label)));
    }

    /// A note over `over`.
    pub fn note(&mut self, over: &str, text: &str) {
        let a = self.participant(over);
        self.lines
            .push(format!("    Note over {a}: {}", clean(text)));
    }

    /// A note on a red band over `over`: a deviation.
    pub fn mark(&mut self, over: &str, text: &str) {
        let a = self.participant(over);
        self.lines.push("    rect rgb(255, 215, 215)".to_owned());
        self.lines
            .push(format!("    Note over {a}: {}", clean(text)));
        self.lines.push("    end".to_owned());
    }

    /// The diagram's text.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::from("sequenceDiagram\n");
        for (i, name) in self.names.iter().enumerate() {
            let _ = writeln!(out, "    participant p{i} as {}", clean(name));
        }
        for line in &self.lines {
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// An explorer's counterexample (or run to a deadlock) as a sequence diagram:
/// `labels` names the participants (`p0 (vendor)`), each send is a note over its
/// sender with the state it leads to, each receipt an arrow from its sender, and
/// `broken` (the invariant) marks the last step.
///
/// # Example
/// ```
/// use mpcvd::analysis::explore::TraceStep;
/// use mpcvd::message::MessageType;
/// let steps = [
///     TraceStep { participant: 0, roles: "vendor".into(), action: "send", message: MessageType::CP, from: None, state: "(A, N, VFdPxa)".into() },
///     TraceStep { participant: 1, roles: "reporter".into(), action: "receive", message: MessageType::CP, from: Some(0), state: "(A, N, vfdPxa)".into() },
/// ];
/// let text = mpcvd::export::sequence::counterexample(&["vendor".into(), "reporter".into()], &steps, Some("an invariant"));
/// assert!(text.starts_with("sequenceDiagram\n"));
/// assert!(text.contains("p0->>p1: 2. CP"));
/// assert!(text.contains("rect rgb(255, 215, 215)"));
/// ```
#[must_use]
pub fn counterexample(labels: &[String], steps: &[TraceStep], broken: Option<&str>) -> String {
    let mut seq = Sequence::new();
    let name = |i: usize| {
        labels
            .get(i)
            .map_or(format!("p{i}"), |l| format!("p{i} ({l})"))
    };
    for i in 0..labels.len() {
        seq.participant(&name(i));
    }
    for (n, step) in steps.iter().enumerate() {
        let number = n.saturating_add(1);
        let me = name(step.participant);
        match step.from {
            Some(from) => {
                seq.message(
                    &name(from),
                    &me,
                    &format!("{number}. {}", step.message),
                    false,
                );
                seq.note(&me, &format!("→ {}", step.state));
            }
            None => seq.note(
                &me,
                &format!("{number}. sends {} → {}", step.message, step.state),
            ),
        }
    }
    if let (Some(text), Some(last)) = (broken, steps.last()) {
        seq.mark(&name(last.participant), &format!("✗ {text}"));
    }
    seq.render()
}
