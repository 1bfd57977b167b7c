//! `triage eval` end to end: the real binary on a tiny generated model. Every number in the
//! report is checked against values recomputed here, independently, from predictions.jsonl
//! (which must be one line per input, in input order, with the documented fields).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const ROWS: [(&str, &str); 12] = [
    ("where is my order", "track_order"),
    ("where is the order", "track_order"),
    ("my order where is it", "track_order"),
    ("cancel my order", "cancel_order"),
    ("i want to cancel the order", "cancel_order"),
    ("talk to a person please", "contact_human_agent"),
    ("human agent", "contact_human_agent"),
    ("this is bad i am angry", "complaint"),
    ("what is the weather today", "oos"),
    ("how do you do", "oos"),
    ("refund the item please", "get_refund"),
    ("我要退货怎么操作", "track_order"),
];

fn triage(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .env("CANDLE_BARRIER_POOL_SPIN_LIMIT", "0")
        .env("TRIAGE_LOG", "warn")
        .output()
        .expect("run triage")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let model = d.path().join("model");
    triage::model::testkit::write_tiny_model(&model, 7).unwrap();
    let data = d.path().join("val.jsonl");
    let body: String = ROWS
        .iter()
        .map(|(t, l)| serde_json::json!({"text": t, "label": l}).to_string() + "\n")
        .collect();
    std::fs::write(&data, body).unwrap();
    (d, model, data)
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn close(a: &Value, b: f64, what: &str) {
    let a = a.as_f64().unwrap_or_else(|| panic!("{what}: {a}"));
    assert!((a - b).abs() < 1e-9, "{what}: report {a}, recomputed {b}");
}

#[test]
fn report_numbers_match_predictions_recomputed_by_hand() {
    let (d, model, data) = setup();
    let out = d.path().join("report");
    let stdout = ok(&triage(&[
        "eval",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--batch-size",
        "5",
        "--format",
        "json",
    ]));
    let summary: Value =
        serde_json::from_str(&stdout).expect("--format json prints one JSON object");
    for f in [
        "report.json",
        "report.md",
        "report.html",
        "predictions.jsonl",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let r = read_json(&out.join("report.json"));
    assert_eq!(summary["summary"], r["summary"]);

    // predictions.jsonl: one line per input, in order, documented fields.
    let preds: Vec<Value> = std::fs::read_to_string(out.join("predictions.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(preds.len(), ROWS.len());
    for (i, (p, (text, label))) in preds.iter().zip(ROWS).enumerate() {
        assert_eq!(p["line"], i + 1);
        assert_eq!(p["gold"], label);
        use sha2::Digest;
        assert_eq!(
            p["text_sha256"],
            hex::encode(sha2::Sha256::digest(text.as_bytes()))
        );
        let oos = p["oos"].as_bool().unwrap();
        let want = if oos {
            "oos"
        } else {
            p["intent"].as_str().unwrap()
        };
        assert_eq!(
            p["predicted"], want,
            "predicted is the OOS label when flagged"
        );
        assert!(["answer", "clarify", "handoff"].contains(&p["action"].as_str().unwrap()));
        for k in ["confidence", "margin", "oos_score"] {
            assert!(p[k].is_number(), "{k}");
        }
        if oos {
            assert_eq!(
                p["action"], "handoff",
                "out of scope is handed off by the default policy"
            );
        }
    }

    // Recompute the summary independently.
    let n = preds.len() as f64;
    let g = |p: &Value| p["gold"].as_str().unwrap().to_string();
    let right = preds.iter().filter(|p| p["predicted"] == p["gold"]).count() as f64;
    close(&r["summary"]["accuracy"], right / n, "accuracy");
    let ins: Vec<&Value> = preds.iter().filter(|p| g(p) != "oos").collect();
    let oos: Vec<&Value> = preds.iter().filter(|p| g(p) == "oos").collect();
    assert_eq!(r["summary"]["n_in_scope"], ins.len());
    assert_eq!(r["summary"]["n_oos"], oos.len());
    close(
        &r["summary"]["in_scope_accuracy"],
        ins.iter().filter(|p| p["predicted"] == p["gold"]).count() as f64 / ins.len() as f64,
        "in-scope accuracy",
    );
    close(
        &r["summary"]["in_scope_intent_accuracy"],
        ins.iter().filter(|p| p["intent"] == p["gold"]).count() as f64 / ins.len() as f64,
        "in-scope intent accuracy",
    );
    let caught = oos.iter().filter(|p| p["oos"] == true).count() as f64;
    close(
        &r["summary"]["oos_recall"],
        caught / oos.len() as f64,
        "OOS recall",
    );
    let flagged = preds.iter().filter(|p| p["oos"] == true).count() as f64;
    match r["summary"]["oos_precision"].as_f64() {
        Some(v) => assert!((v - caught / flagged).abs() < 1e-9),
        None => assert_eq!(flagged, 0.0),
    }
    // AUROC of the kNN score by pair counting.
    let mut pairs = 0.0;
    for p in &oos {
        for q in &ins {
            let (a, b) = (
                p["oos_score"].as_f64().unwrap(),
                q["oos_score"].as_f64().unwrap(),
            );
            pairs += if a > b {
                1.0
            } else if a == b {
                0.5
            } else {
                0.0
            };
        }
    }
    close(
        &r["summary"]["oos_auroc"],
        pairs / (oos.len() * ins.len()) as f64,
        "AUROC",
    );
    // Macro F1 over the union of gold and predicted labels (never-predicted and no-support
    // labels count 0), by hand.
    let mut labels: Vec<String> = preds
        .iter()
        .flat_map(|p| [g(p), p["predicted"].as_str().unwrap().to_string()])
        .collect();
    labels.sort();
    labels.dedup();
    assert!(
        labels.contains(&"get_refund".to_string()),
        "a label the model cannot predict"
    );
    let mut f1s = 0.0;
    let mut weighted = 0.0;
    for l in &labels {
        let tp = preds
            .iter()
            .filter(|p| g(p) == *l && p["predicted"] == l.as_str())
            .count() as f64;
        let fp = preds
            .iter()
            .filter(|p| g(p) != *l && p["predicted"] == l.as_str())
            .count() as f64;
        let fn_ = preds
            .iter()
            .filter(|p| g(p) == *l && p["predicted"] != l.as_str())
            .count() as f64;
        let f1 = if tp + fp + fn_ == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        };
        f1s += f1;
        weighted += f1 * (tp + fn_);
    }
    close(
        &r["summary"]["macro_f1"],
        f1s / labels.len() as f64,
        "macro F1",
    );
    close(&r["summary"]["weighted_f1"], weighted / n, "weighted F1");
    let m = &r["classification"]["confusion"];
    let total: u64 = m
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap())
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total, ROWS.len() as u64);
    // Decisions.
    let answered: Vec<&Value> = preds.iter().filter(|p| p["action"] == "answer").collect();
    close(
        &r["summary"]["automation"],
        answered.len() as f64 / n,
        "automation",
    );
    let wrong = answered
        .iter()
        .filter(|p| !(p["intent"] == p["gold"] && g(p) != "oos"))
        .count() as f64;
    let err = if answered.is_empty() {
        0.0
    } else {
        wrong / answered.len() as f64
    };
    close(&r["summary"]["bot_error"], err, "bot error");
    // The current operating point: the manifest's 0.5 / 0.1 thresholds (testkit defaults).
    let cur = &r["tradeoff"]["current"];
    close(&cur["conf_threshold"], 0.5, "current confidence");
    let cur_answered = preds
        .iter()
        .filter(|p| {
            p["oos"] == false
                && p["confidence"].as_f64().unwrap() >= 0.5
                && p["margin"].as_f64().unwrap() >= 0.1
        })
        .count();
    assert_eq!(cur["answered"], cur_answered);
    // Calibration: ECE over in-scope messages, 15 bins, recomputed.
    let mut bins = vec![(0usize, 0.0f64, 0usize); 15];
    for p in &ins {
        let c = p["confidence"].as_f64().unwrap();
        let b = ((c * 15.0).floor() as usize).min(14);
        bins[b].0 += 1;
        bins[b].1 += c;
        bins[b].2 += usize::from(p["intent"] == p["gold"]);
    }
    let ece: f64 = bins
        .iter()
        .filter(|b| b.0 > 0)
        .map(|b| (b.2 as f64 / b.0 as f64 - b.1 / b.0 as f64).abs() * b.0 as f64)
        .sum::<f64>()
        / ins.len() as f64;
    close(&r["summary"]["ece"], ece, "ECE");
    // Latency block exists and is consistent (no timing assertions).
    let l = &r["latency"];
    assert_eq!(l["batch_size"], 5);
    assert_eq!(l["batches"], 3);
    assert!(l["p50_ms"].as_f64().unwrap() <= l["p99_ms"].as_f64().unwrap());

    // HTML: well-formed, the four plots, nothing external.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    triage::eval::html::check_well_formed(&html).unwrap();
    assert_eq!(html.matches("<svg").count(), 4);
    for bad in ["http:", "https:", "<script", "src=", "href="] {
        assert!(!html.contains(bad), "{bad}");
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("## Per intent") && md.contains("get_refund"));
}

#[test]
fn write_thresholds_compare_and_bad_input() {
    let (d, model, data) = setup();
    let out = d.path().join("a");
    let text = ok(&triage(&[
        "eval",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--target-error",
        "0.9",
        "--write-thresholds",
    ]));
    assert!(text.contains("thresholds written to"), "{text}");
    assert!(text.contains("accuracy"), "{text}");
    let r = read_json(&out.join("report.json"));
    let m = read_json(&model.join("manifest.json"));
    let rec = &r["tradeoff"]["recommended"]["thresholds"];
    for k in ["confidence", "high_confidence", "margin"] {
        let (a, b) = (
            m["thresholds"][k].as_f64().unwrap(),
            rec[k].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-6, "{k}: manifest {a}, report {b}");
    }
    assert_eq!(m["metrics"]["thresholds"]["eval"]["target_error"], 0.9);

    // A second run with the new thresholds: its current point is the old recommended one.
    let out_b = d.path().join("b");
    ok(&triage(&[
        "eval",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--out",
        out_b.to_str().unwrap(),
    ]));
    let rb = read_json(&out_b.join("report.json"));
    assert_eq!(
        rb["tradeoff"]["current"]["answered"],
        r["tradeoff"]["recommended"]["recommended"]["answered"]
    );

    // Compare: same predictions, so every per-intent delta is 0; files land in B's folder.
    let cmp = ok(&triage(&[
        "eval",
        "--compare",
        out.join("report.json").to_str().unwrap(),
        out_b.join("report.json").to_str().unwrap(),
    ]));
    assert!(cmp.contains("| accuracy |"), "{cmp}");
    let c = read_json(&out_b.join("compare.json"));
    assert!(c["intents"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["delta_f1"] == 0.0));
    assert!(out_b.join("compare.md").is_file());

    // Bad input: non-zero exit naming file and line.
    let bad = d.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"text\": \"hi\", \"label\": \"a\"}\n\n{\"text\": \"x\"}\n",
    )
    .unwrap();
    let o = triage(&[
        "eval",
        "--model",
        model.to_str().unwrap(),
        "--data",
        bad.to_str().unwrap(),
        "--out",
        d.path().join("c").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.jsonl:3") && err.contains("\"label\" is missing"),
        "{err}"
    );
    let o = triage(&[
        "eval",
        "--model",
        d.path().join("nope").to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--out",
        d.path().join("c").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("nope"));
    let o = triage(&[
        "eval",
        "--compare",
        data.to_str().unwrap(),
        data.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
}

#[test]
fn conversation_mode_replays_through_the_classify_pipeline() {
    let (d, model, _) = setup();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conversations.jsonl");
    let out = d.path().join("conv");
    ok(&triage(&[
        "eval",
        "--model",
        model.to_str().unwrap(),
        "--data",
        fixture.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let r = read_json(&out.join("report.json"));
    assert_eq!(r["mode"], "conversations");
    assert_eq!(
        (r["conversations"].as_u64(), r["turns"].as_u64()),
        (Some(4), Some(7))
    );
    let turns: Vec<Value> = std::fs::read_to_string(out.join("predictions.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Conversation c3's turn 1 (file line 6) is replayed before its turn 2 (line 5).
    let order: Vec<u64> = turns.iter().map(|t| t["line"].as_u64().unwrap()).collect();
    assert_eq!(order, [1, 2, 3, 4, 6, 5, 7]);
    let by_line = |l: u64| turns.iter().find(|t| t["line"] == l).unwrap();
    // Rules that do not depend on the (random) tiny model: phrases and the silent bot.
    assert_eq!(by_line(2)["action"], "handoff");
    assert!(by_line(2)["reasons"]
        .as_array()
        .unwrap()
        .contains(&"user_requested".into()));
    assert_eq!(
        by_line(3)["reasons"],
        serde_json::json!(["handoff_active"]),
        "history applies"
    );
    assert_eq!(by_line(4)["action"], "handoff");
    assert!(by_line(5)["reasons"]
        .as_array()
        .unwrap()
        .contains(&"sensitive_intent".into()));
    // Numbers recomputed from the turns.
    let right = turns
        .iter()
        .filter(|t| t["action"] == t["expected_action"])
        .count() as f64;
    close(&r["action_accuracy"], right / 7.0, "action accuracy");
    let given = turns.iter().filter(|t| t["action"] == "handoff").count() as f64;
    let both = turns
        .iter()
        .filter(|t| t["action"] == "handoff" && t["expected_action"] == "handoff")
        .count() as f64;
    close(&r["handoff_precision"], both / given, "handoff precision");
    close(&r["handoff_recall"], both / 4.0, "handoff recall");
    let ur = r["reason_codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "user_requested")
        .unwrap();
    assert_eq!(ur["tp"], 2);
    assert_eq!(ur["fn_"], 0);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    triage::eval::html::check_well_formed(&html).unwrap();
}

#[test]
fn cross_validation_trains_each_fold_and_scores_every_message_once() {
    let (d, model, _) = setup();
    let data = d.path().join("all.jsonl");
    let mut body = String::new();
    for i in 0..8 {
        for (t, l) in [
            ("where is my order", "track_order"),
            ("cancel the order", "cancel_order"),
            ("what is the weather", "oos"),
        ] {
            body +=
                &(serde_json::json!({"text": format!("{t} {i}"), "label": l}).to_string() + "\n");
        }
    }
    std::fs::write(&data, body).unwrap();
    let out = d.path().join("cv");
    let stdout = ok(&triage(&[
        "eval",
        "--cv",
        "2",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--base",
        model.join("encoder").to_str().unwrap(),
        "--cache-dir",
        d.path().join("cache").to_str().unwrap(),
        "--format",
        "json",
    ]));
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert!(v["cv"]["accuracy"]["mean"].is_number(), "{v}");
    let r = read_json(&out.join("report.json"));
    assert_eq!(r["summary"]["n"], 24);
    assert_eq!(r["cv"]["folds"].as_array().unwrap().len(), 2);
    assert_eq!(r["cv"]["texts_encoded"], 24, "every text encoded once");
    let n: u64 = r["cv"]["folds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["messages"].as_u64().unwrap())
        .sum();
    assert_eq!(n, 24);
    let preds = std::fs::read_to_string(out.join("predictions.jsonl")).unwrap();
    assert_eq!(preds.lines().count(), 24);
    assert!(out.join("folds/fold-1/model/manifest.json").is_file());
}
