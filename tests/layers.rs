//! The one-way doors of ARCHITECTURE.md, checked: a module may use its own layer and the layers
//! below it, never one above. A new top-level module must be given a layer here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Lowest first. Modules in one layer may use each other.
const LAYERS: &[&[&str]] = &[
    &["text", "metrics", "fsutil", "redact", "audit", "auth"],
    &["model", "smalltalk"],
    &["kb", "engine"],
    &["policy"],
    &["conversation"],
    &["handoff", "store"],
    &["config", "classify", "train"],
    &["cli"],
    &["eval", "server", "bench", "loadgen"],
    &["lib", "main"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules `code` names through `crate::` (paths and `crate::{a, b}` groups).
fn used_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "found only {} source files", files.len());
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let from = layer(&module).unwrap_or_else(|| {
            panic!("src/{first}: a new top-level module; give it a layer in tests/layers.rs")
        });
        let text = std::fs::read_to_string(f).unwrap();
        // Tests may reach anywhere (they build whole pipelines); the code they test may not.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for used in used_modules(code) {
            if used == module {
                continue;
            }
            match layer(&used) {
                Some(to) if to <= from => {}
                Some(_) => wrong.push(format!("{} uses crate::{used}", rel.display())),
                None => wrong.push(format!("{} uses crate::{used}, in no layer", rel.display())),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up the layers (ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scanner_reads_paths_and_groups() {
    let m = used_modules("use crate::{model::Model, text};\nlet x = crate::policy::decide();");
    assert_eq!(
        m.into_iter().collect::<Vec<_>>(),
        ["model", "policy", "text"]
    );
}
