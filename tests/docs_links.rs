//! Every relative link in README.md and docs/ resolves to a file inside the
//! repository, and nothing in the README, the guides, the sources or the examples
//! points outside it (a clone and docs.rs have no `../shared`).

use std::path::{Component, Path, PathBuf};

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The targets of inline Markdown links `[text](target)` outside code spans.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            targets.push(after[..end].to_owned());
            rest = &after[end..];
        }
    }
    targets
}

/// `path` with `.` and `..` folded, or `None` if it climbs above its start.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

#[test]
fn every_relative_link_resolves_inside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    markdown_files(&root.join("docs"), &mut files);
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let dir = file.parent().unwrap().strip_prefix(root).unwrap();
        for target in link_targets(&text) {
            if target.contains("://") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let path = target.split('#').next().unwrap_or_default();
            if path.is_empty() {
                continue;
            }
            checked += 1;
            match normalise(&dir.join(path)) {
                Some(inside) if root.join(&inside).exists() => {}
                _ => broken.push(format!("{}: {target}", file.display())),
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that do not resolve inside the repository: {broken:#?}"
    );
    assert!(
        checked >= 10,
        "only {checked} relative links found: is the parser right?"
    );
}

#[test]
fn nothing_refers_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("Cargo.toml")];
    for dir in ["docs", "src", "examples"] {
        let mut stack = vec![root.join(dir)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push(path);
                }
            }
        }
    }
    let outside: Vec<String> = files
        .iter()
        .filter(|f| std::fs::read_to_string(f).is_ok_and(|text| text.contains("../shared")))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        outside.is_empty(),
        "files pointing outside the repository: {outside:?}"
    );
}

#[test]
fn the_link_parser_finds_links_and_skips_code() {
    let text = "see [a](docs/a.md) and [b](https://x.y/z)\n```\n[c](nope.md)\n```\n[d](e.md#f)";
    assert_eq!(link_targets(text), ["docs/a.md", "https://x.y/z", "e.md#f"]);
    assert_eq!(
        normalise(Path::new("docs/../README.md")),
        Some(PathBuf::from("README.md"))
    );
    assert_eq!(normalise(Path::new("../shared/x.md")), None);
}

#[test]
fn the_readme_quick_start_is_the_tested_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("examples/quickstart.rs")).unwrap();
    assert!(
        readme.contains(&format!("```rust\n{example}```")),
        "README's quick start differs from examples/quickstart.rs"
    );
    assert!(
        example.lines().count() <= 40,
        "the quick start is over 40 lines"
    );
}

/// Every "reference §N" in the API docs is a link to `crate::reference`, so it opens
/// from docs.rs and from a clone.
#[test]
fn every_reference_citation_in_the_api_docs_is_a_link() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src")];
    let mut bare = Vec::new();
    let mut linked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let doc = line.trim_start();
                if !(doc.starts_with("///") || doc.starts_with("//!")) {
                    continue;
                }
                // Outside inline code spans only.
                for part in line.split('`').step_by(2) {
                    linked += part.matches("[reference §").count();
                    let all = part.matches("reference §").count();
                    let links = part.matches("[reference §").count();
                    if all > links {
                        bare.push(format!("{}:{}", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(bare.is_empty(), "citations that are not links: {bare:#?}");
    assert!(linked >= 50, "only {linked} linked citations found");
}
