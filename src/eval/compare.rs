//! `triage eval --compare A/report.json B/report.json`: a side-by-side diff of two runs, overall
//! and per intent, the intents that got worse first.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::{io, EvalError};

/// Overall metrics compared: (JSON pointer in report.json, name, higher is better).
const OVERALL: [(&str, &str, bool); 13] = [
    ("/summary/accuracy", "accuracy", true),
    ("/summary/macro_f1", "macro F1", true),
    ("/summary/weighted_f1", "weighted F1", true),
    ("/summary/in_scope_accuracy", "in-scope accuracy", true),
    (
        "/summary/in_scope_rejected_as_oos",
        "in-scope rejected as OOS",
        false,
    ),
    ("/summary/oos_recall", "OOS recall", true),
    ("/summary/oos_precision", "OOS precision", true),
    ("/summary/oos_auroc", "OOS AUROC", true),
    ("/summary/ece", "ECE", false),
    ("/summary/automation", "automation", true),
    ("/summary/bot_error", "bot error", false),
    (
        "/tradeoff/recommended/recommended/automation",
        "automation at target (recommended)",
        true,
    ),
    ("/latency/p95_ms", "latency p95 ms", false),
];

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    pub metric: String,
    pub a: Option<f64>,
    pub b: Option<f64>,
    /// b − a.
    pub delta: Option<f64>,
    /// The change is for the better (`None`: no change or undefined).
    pub better: Option<bool>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IntentRow {
    pub label: String,
    pub f1_a: Option<f64>,
    pub f1_b: Option<f64>,
    pub delta_f1: Option<f64>,
    pub recall_a: Option<f64>,
    pub recall_b: Option<f64>,
    pub precision_a: Option<f64>,
    pub precision_b: Option<f64>,
    pub support_b: Option<u64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub model_a: String,
    pub model_b: String,
    pub overall: Vec<Row>,
    /// Worst F1 change first; labels present in only one report have `null` on the other side.
    pub intents: Vec<IntentRow>,
}

pub fn load(path: &Path) -> Result<Value, EvalError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| EvalError::Invalid(format!("{}: not JSON: {e}", path.display())))?;
    if v.pointer("/summary/accuracy").is_none() || v.pointer("/classification/per_class").is_none()
    {
        return Err(EvalError::Invalid(format!(
            "{}: not a triage eval report.json (no summary/classification)",
            path.display()
        )));
    }
    Ok(v)
}

fn per_class(v: &Value) -> BTreeMap<String, &Value> {
    v.pointer("/classification/per_class")
        .and_then(|p| p.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|c| Some((c.get("label")?.as_str()?.to_string(), c)))
                .collect()
        })
        .unwrap_or_default()
}

pub fn compare(a: &Value, b: &Value, a_name: &str, b_name: &str) -> Comparison {
    let model = |v: &Value| {
        format!(
            "{} {}",
            v.pointer("/model/name")
                .and_then(|x| x.as_str())
                .unwrap_or("?"),
            v.pointer("/model/version")
                .and_then(|x| x.as_str())
                .unwrap_or("?")
        )
    };
    let overall = OVERALL
        .iter()
        .map(|&(ptr, name, higher)| {
            let x = a.pointer(ptr).and_then(|v| v.as_f64());
            let y = b.pointer(ptr).and_then(|v| v.as_f64());
            let delta = x.zip(y).map(|(x, y)| y - x);
            Row {
                metric: name.to_string(),
                a: x,
                b: y,
                delta,
                better: delta
                    .filter(|d| d.abs() > 1e-12)
                    .map(|d| (d > 0.0) == higher),
            }
        })
        .collect();
    let (pa, pb) = (per_class(a), per_class(b));
    let mut labels: Vec<&String> = pa.keys().chain(pb.keys()).collect();
    labels.sort();
    labels.dedup();
    let f = |m: &BTreeMap<String, &Value>, l: &str, k: &str| {
        m.get(l).and_then(|c| c.get(k)).and_then(|v| v.as_f64())
    };
    let mut intents: Vec<IntentRow> = labels
        .into_iter()
        .map(|l| {
            let (fa, fb) = (f(&pa, l, "f1"), f(&pb, l, "f1"));
            IntentRow {
                label: l.clone(),
                f1_a: fa,
                f1_b: fb,
                delta_f1: fa.zip(fb).map(|(x, y)| y - x),
                recall_a: f(&pa, l, "recall"),
                recall_b: f(&pb, l, "recall"),
                precision_a: f(&pa, l, "precision"),
                precision_b: f(&pb, l, "precision"),
                support_b: pb
                    .get(l)
                    .and_then(|c| c.get("support"))
                    .and_then(|v| v.as_u64()),
            }
        })
        .collect();
    // Worse first; labels missing on one side after the ones with a delta.
    intents.sort_by(|x, y| {
        let kx = x.delta_f1.unwrap_or(f64::INFINITY);
        let ky = y.delta_f1.unwrap_or(f64::INFINITY);
        kx.total_cmp(&ky).then(x.label.cmp(&y.label))
    });
    Comparison {
        a: a_name.to_string(),
        b: b_name.to_string(),
        model_a: model(a),
        model_b: model(b),
        overall,
        intents,
    }
}

fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_else(|| "n/a".into())
}

fn signed(x: Option<f64>) -> String {
    x.map(|v| format!("{v:+.4}"))
        .unwrap_or_else(|| "n/a".into())
}

/// The side-by-side diff as Markdown (also what is printed).
pub fn markdown(c: &Comparison) -> String {
    let mut m = String::new();
    let _ = writeln!(
        m,
        "# Comparison\n\n- A: `{}` ({})\n- B: `{}` ({})\n",
        c.a, c.model_a, c.b, c.model_b
    );
    let _ = writeln!(
        m,
        "## Overall\n\n| metric | A | B | B − A | |\n|---|---:|---:|---:|---|"
    );
    for r in &c.overall {
        let verdict = match r.better {
            Some(true) => "better",
            Some(false) => "worse",
            None => "",
        };
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} |",
            r.metric,
            num(r.a),
            num(r.b),
            signed(r.delta),
            verdict
        );
    }
    let worse = c
        .intents
        .iter()
        .filter(|r| r.delta_f1.is_some_and(|d| d < -1e-12))
        .count();
    let better = c
        .intents
        .iter()
        .filter(|r| r.delta_f1.is_some_and(|d| d > 1e-12))
        .count();
    let _ = writeln!(
        m,
        "\n## Per intent (worse first): {worse} worse, {better} better, {} unchanged or one-sided\n\n| label | F1 A | F1 B | ΔF1 | recall A → B | precision A → B | support B |\n|---|---:|---:|---:|---|---|---:|",
        c.intents.len() - worse - better
    );
    for r in &c.intents {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} | {} → {} | {} → {} | {} |",
            r.label.replace('|', "\\|"),
            num(r.f1_a),
            num(r.f1_b),
            signed(r.delta_f1),
            num(r.recall_a),
            num(r.recall_b),
            num(r.precision_a),
            num(r.precision_b),
            r.support_b
                .map(|s| s.to_string())
                .unwrap_or_else(|| "n/a".into())
        );
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rep(acc: f64, ece: f64, classes: &[(&str, f64)]) -> Value {
        json!({
            "model": {"name": "m", "version": "1"},
            "summary": {"accuracy": acc, "ece": ece, "oos_recall": null},
            "classification": {"per_class": classes.iter().map(|(l, f)| json!({"label": l, "f1": f, "recall": f, "precision": f, "support": 10})).collect::<Vec<_>>()},
        })
    }

    #[test]
    fn diffs_overall_and_puts_worse_intents_first() {
        let a = rep(0.8, 0.05, &[("a", 0.9), ("b", 0.5), ("gone", 0.7)]);
        let b = rep(0.85, 0.08, &[("a", 0.6), ("b", 0.75), ("new", 0.4)]);
        let c = compare(&a, &b, "A/report.json", "B/report.json");
        let acc = c.overall.iter().find(|r| r.metric == "accuracy").unwrap();
        assert!((acc.delta.unwrap() - 0.05).abs() < 1e-12);
        assert_eq!(acc.better, Some(true));
        let ece = c.overall.iter().find(|r| r.metric == "ECE").unwrap();
        assert_eq!(ece.better, Some(false), "higher ECE is worse");
        let oos = c.overall.iter().find(|r| r.metric == "OOS recall").unwrap();
        assert_eq!((oos.a, oos.delta, oos.better), (None, None, None));
        let order: Vec<&str> = c.intents.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(order, ["a", "b", "gone", "new"]);
        assert!((c.intents[0].delta_f1.unwrap() + 0.3).abs() < 1e-12);
        assert_eq!(c.intents[2].f1_b, None);
        let md = markdown(&c);
        assert!(
            md.contains("| accuracy | 0.8000 | 0.8500 | +0.0500 | better |"),
            "{md}"
        );
        assert!(
            md.contains("1 worse, 1 better, 2 unchanged or one-sided"),
            "{md}"
        );
    }

    #[test]
    fn rejects_files_that_are_not_reports() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.json");
        std::fs::write(&p, "{\"a\": 1}").unwrap();
        assert!(load(&p)
            .unwrap_err()
            .to_string()
            .contains("not a triage eval report"));
        std::fs::write(&p, "nope").unwrap();
        assert!(load(&p).unwrap_err().to_string().contains("not JSON"));
    }
}
