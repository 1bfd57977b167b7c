//! `triage train` on a small fixture with the tiny generated encoder: deterministic for a seed,
//! better than chance, calibration lowers ECE, and bad files fail naming file and line.

use std::path::{Path, PathBuf};

use triage::train::TrainConfig;

const FILLERS: [&str; 8] = [
    "please", "help", "me", "today", "thanks", "can you", "do it", "now",
];

fn rows(label: &str, cores: &[&str], n: usize, offset: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let core = cores[(i + offset) % cores.len()];
            let a = FILLERS[(i * 3 + offset) % FILLERS.len()];
            let b = FILLERS[(i * 5 + 1 + offset) % FILLERS.len()];
            let text = match (i + offset) % 3 {
                0 => format!("{a} {core}"),
                1 => format!("{core} {b}"),
                _ => format!("{a} {core} {b}"),
            };
            serde_json::json!({"text": format!("{text} {i}"), "label": label}).to_string()
        })
        .collect()
}

/// A temporary folder holding the tiny generated encoder (`enc/`), with the CPU threads set as
/// serving sets them.
fn tiny_encoder() -> (tempfile::TempDir, PathBuf) {
    triage::model::tune_cpu_threads();
    let tmp = tempfile::tempdir().unwrap();
    let enc = tmp.path().join("enc");
    triage::model::testkit::write_tiny_encoder(&enc, 3).unwrap();
    (tmp, enc)
}

fn write_fixture(dir: &Path, n: usize, offset: usize, name: &str) -> PathBuf {
    let mut lines = Vec::new();
    lines.extend(rows(
        "track_order",
        &[
            "where is my order",
            "where is the order",
            "my order where is it",
        ],
        n,
        offset,
    ));
    lines.extend(rows(
        "cancel_order",
        &["cancel my order", "i want to cancel", "cancel the order"],
        n,
        offset,
    ));
    lines.extend(rows(
        "get_refund",
        &[
            "refund my item",
            "i want a refund",
            "return the item refund",
        ],
        n,
        offset,
    ));
    let p = dir.join(name);
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

fn config(dir: &Path, enc: &Path) -> TrainConfig {
    let mut cfg = TrainConfig::for_intents(
        write_fixture(dir, 40, 0, "train.jsonl"),
        Some(write_fixture(dir, 15, 7, "val.jsonl")),
    );
    cfg.base = enc.to_path_buf();
    cfg.prefix = String::new();
    cfg.sentiment_from = None;
    cfg.cache_dir = dir.join("cache");
    cfg.intent.fit.epochs = 40;
    cfg.intent.fit.patience = 40;
    cfg
}

fn metric(m: &triage::model::Manifest, ptr: &str) -> f64 {
    m.metrics
        .pointer(ptr)
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("{ptr} in {}", m.metrics))
}

#[test]
fn training_is_deterministic_beats_chance_and_calibrates() {
    let (tmp, enc) = tiny_encoder();
    let cfg = config(tmp.path(), &enc);

    let a = triage::train::run(&cfg, &tmp.path().join("a")).unwrap();
    let b = triage::train::run(&cfg, &tmp.path().join("b")).unwrap();
    assert!(
        b.encoded == 0,
        "second run reads every embedding from the cache"
    );
    let heads_a = std::fs::read(tmp.path().join("a/heads.safetensors")).unwrap();
    let heads_b = std::fs::read(tmp.path().join("b/heads.safetensors")).unwrap();
    assert_eq!(heads_a, heads_b, "same seed, same weights");
    assert_eq!(a.manifest.metrics["intent"], b.manifest.metrics["intent"]);

    let acc = metric(&a.manifest, "/intent/in_scope_accuracy");
    assert!(acc > 0.6, "3 labels: chance is 0.33, got {acc}");
    let before = metric(&a.manifest, "/calibration/ece_before");
    let after = metric(&a.manifest, "/calibration/ece_after");
    assert!(
        after <= before,
        "temperature scaling must not worsen ECE: {before} → {after}"
    );
    // The 3 labels of the data, the built-in small-talk acts and `oos`: with no out-of-scope
    // examples of its own, the data gains the shipped background.
    let labels = a.manifest.intent_labels();
    assert_eq!(
        labels.len(),
        3 + triage::smalltalk::ACTS.len() + 1,
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l == "oos"), "{labels:?}");
    let bg = &a.manifest.provenance["oos_background"];
    assert_eq!(bg["used"], true, "{bg}");
    assert!(bg["train"].as_u64().unwrap() > 0, "{bg}");
    assert!(bg["validation"].as_u64().unwrap() > 0, "{bg}");
    // Three intents are too few to simulate unknown ones, and the background's validation
    // messages carry no promise: measured on the user's own messages alone, with no
    // out-of-scope one among them, the 2% target is not promised.
    let p = &a.manifest.metrics["thresholds"]["promise"];
    assert_eq!(p["basis"], "validation", "{p}");
    assert_eq!(p["overall"]["out_of_scope"], 0, "{p}");
    assert_eq!(p["overall"]["in_scope"], 45, "{p}");
    assert_eq!(p["supported"], false, "{p}");
    for act in triage::smalltalk::ACTS {
        assert!(labels.iter().any(|l| l == act), "{act} missing: {labels:?}");
    }
    let copies = a.manifest.provenance["smalltalk"]["with_opener"]
        .as_u64()
        .unwrap_or(0);
    assert!(
        (1..=120).contains(&copies),
        "training messages copied with a greeting in front: {}",
        a.manifest.provenance
    );

    // The written folder serves.
    let model =
        triage::model::Model::load(&tmp.path().join("a"), &candle_core::Device::Cpu).unwrap();
    let t = model.tokenize("where is my order").unwrap();
    let out = model.analyze_tokenized(&[&t]).unwrap();
    // Every label but `oos` is ranked (out of scope is its own score).
    assert_eq!(
        out[0].intent.ranking.len(),
        3 + triage::smalltalk::ACTS.len()
    );
    // Default training ensembles a char n-gram model and combines out-of-scope signals; serving
    // with the text uses both, and is deterministic.
    assert!(model.ngram.is_some() && a.manifest.ngram.is_some());
    let oos = a.manifest.oos.as_ref().unwrap();
    assert_eq!(oos.method, triage::model::manifest::OosMethod::Combined);
    assert!(oos
        .combine
        .as_ref()
        .unwrap()
        .signals
        .contains(&triage::model::manifest::OosSignal::RelMaha));
    assert!(model.maha.is_some());
    let full = model.analyze_tokenized(&[&t]).unwrap();
    let again = model.analyze_tokenized(&[&t]).unwrap();
    assert_eq!(full[0].intent.probs, again[0].intent.probs);
    assert_eq!(full[0].oos_score, again[0].oos_score);
    assert!(full[0].oos_score.unwrap().is_finite());

    // Another seed gives other weights.
    let mut other = cfg.clone();
    other.seed = 7;
    triage::train::run(&other, &tmp.path().join("c")).unwrap();
    assert_ne!(
        heads_a,
        std::fs::read(tmp.path().join("c/heads.safetensors")).unwrap()
    );
}

#[test]
fn out_of_scope_examples_fit_the_stacker_and_serving_matches_training() {
    let m = serving_matches_training(|_| {}, triage::model::Backend::Auto);
    // 30 out-of-scope examples of one's own are fewer than `[oos] min_examples` (50), though
    // small talk copies each with a greeting in front (60 rows): the background is added.
    let bg = &m.provenance["oos_background"];
    assert_eq!(bg["used"], true, "{bg}");
    assert_eq!(m.metrics["thresholds"]["promise"]["basis"], "validation");
    let combine = m.oos.as_ref().unwrap().combine.as_ref().unwrap();
    assert_eq!(
        combine.weights.len(),
        combine.signals.len(),
        "weights fitted"
    );
    assert!(combine
        .signals
        .contains(&triage::model::manifest::OosSignal::LogPOos));
    assert!(m.metrics["oos_stacker"]["oof_auroc"].is_number());
    assert_eq!(
        m.ngram.as_ref().unwrap().mode,
        triage::model::manifest::NgramMode::Sum
    );
    assert!(m.knn_vote.is_some());
    assert!(!m.center_embeddings);
}

#[test]
fn own_out_of_scope_examples_choose_the_thresholds_on_cross_fitted_rows() {
    // 60 out-of-scope examples of the user's own (≥ `[oos] min_examples`): every message is
    // scored by a fold model that left it out, and the thresholds chosen there against the
    // bound only ever raise the validation choice; serving still matches training.
    let plain = serving_matches_training_with(
        |c| c.oos.cross_fit = false,
        triage::model::Backend::Auto,
        60,
    );
    let p = &plain.metrics["thresholds"]["promise"];
    assert_eq!(p["basis"], "validation", "{p}");
    assert!(p.get("cross_fitted").is_none(), "{p}");

    let m = serving_matches_training_with(|_| {}, triage::model::Backend::Auto, 60);
    let p = &m.metrics["thresholds"]["promise"];
    assert_eq!(p["basis"], "cross_fitted", "{p}");
    let cf = &p["cross_fitted"];
    // The stacker's out-of-fold pass, one for both: its folds, and its report beside.
    let folds = TrainConfig::for_intents(PathBuf::new(), None)
        .oos_stacker
        .folds;
    assert_eq!(cf["folds"], folds, "{cf}");
    assert_eq!(m.metrics["oos_stacker"]["folds"], folds, "{cf}");
    // Every out-of-scope example scored once: training (60, and the 60 copies with a greeting
    // in front that small talk adds) and validation (10).
    assert_eq!(cf["out_of_scope_rows"], 130, "{cf}");
    assert!(cf["training_rows"].as_u64().unwrap() > 60, "{cf}");
    assert!(
        cf["rows"].as_u64().unwrap() > cf["training_rows"].as_u64().unwrap(),
        "validation rows too: {cf}"
    );
    assert!(p["validation_only"]["upper"].is_number(), "{p}");
    let rejection = cf["chosen"]["in_scope_rejection"].as_f64().unwrap();
    assert!(
        rejection >= 0.1 - 1e-9,
        "never below the validation budget: {cf}"
    );
    // The cut only ever tightens the validation cut (the same in both runs); the confidence is
    // at least what the cross-fitted rows chose (the validation's own choice, made after the
    // tighter cut, may come out lower than without it).
    assert!(m.oos.as_ref().unwrap().threshold <= plain.oos.as_ref().unwrap().threshold);
    let floor = cf["chosen"]["confidence"].as_f64().unwrap();
    assert!(f64::from(m.thresholds.confidence) >= floor - 1e-6, "{cf}");
    for l in m.thresholds.per_language.values() {
        assert!(f64::from(l.confidence) >= floor - 1e-6, "{cf}");
    }
}

#[test]
fn centred_models_serve_what_they_were_validated_on_in_both_forwards() {
    let centred = |cfg: &mut TrainConfig| {
        cfg.center_embeddings = true;
        cfg.ngram.mode = triage::train::ngram::JoinMode::Average;
        cfg.intent.fit.keep = triage::train::fit::Keep::Last;
        cfg.intent.fit.epochs = 12;
        cfg.intent.fit.patience = 1;
    };
    for backend in [triage::model::Backend::Fast, triage::model::Backend::Candle] {
        let m = serving_matches_training(centred, backend);
        assert!(m.center_embeddings);
        assert_eq!(
            m.ngram.as_ref().unwrap().mode,
            triage::model::manifest::NgramMode::Average
        );
        // Keeping the last weights runs every epoch, whatever the patience.
        assert_eq!(metric(&m, "/intent_fit/epochs_run"), 12.0);
        assert_eq!(metric(&m, "/intent_fit/best_epoch"), 12.0);
    }
}

/// Trains on the fixture plus out-of-scope rows (after `tweak`), then checks that serving the
/// written folder on `backend` reproduces the training-time validation accuracy and rejection
/// rate; returns the manifest.
fn serving_matches_training(
    tweak: impl Fn(&mut TrainConfig),
    backend: triage::model::Backend,
) -> triage::model::Manifest {
    serving_matches_training_with(tweak, backend, 30)
}

/// [`serving_matches_training`] with `oos_train` out-of-scope training rows.
fn serving_matches_training_with(
    tweak: impl Fn(&mut TrainConfig),
    backend: triage::model::Backend,
    oos_train: usize,
) -> triage::model::Manifest {
    let (tmp, enc) = tiny_encoder();
    let mut cfg = config(tmp.path(), &enc);
    let oos = |n: usize, offset: usize| -> Vec<String> {
        rows(
            "oos",
            &["what is the weather", "tell me a joke", "play some music"],
            n,
            offset,
        )
    };
    let mut train = std::fs::read_to_string(&cfg.intent.train[0]).unwrap();
    train.push_str(&(oos(oos_train, 0).join("\n") + "\n"));
    std::fs::write(&cfg.intent.train[0], train).unwrap();
    let mut val = std::fs::read_to_string(&cfg.intent.val[0]).unwrap();
    val.push_str(&(oos(10, 5).join("\n") + "\n"));
    std::fs::write(&cfg.intent.val[0], &val).unwrap();
    cfg.oos_max_in_scope_rejection = 0.1;
    tweak(&mut cfg);

    let a = triage::train::run(&cfg, &tmp.path().join("m")).unwrap();
    let m = a.manifest;

    // Serving (text + embedding, neighbour vote, weighted out-of-scope score) reproduces the
    // training-time validation numbers.
    let opts = triage::model::RunOptions {
        backend,
        ..Default::default()
    };
    let model =
        triage::model::Model::load_with(&tmp.path().join("m"), &candle_core::Device::Cpu, &opts)
            .unwrap();
    assert_eq!(model.center.is_some(), m.center_embeddings);
    let threshold = m.oos.as_ref().unwrap().threshold;
    let (mut ins, mut ok, mut rejected) = (0, 0, 0);
    for line in val.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = row["text"].as_str().unwrap();
        let t = model.tokenize(text).unwrap();
        let out = &model.analyze_tokenized(&[&t]).unwrap()[0];
        // The returned embedding (FAQ retrieval, repeat detection) is the encoder's own,
        // centred or not.
        let raw = model
            .bundle
            .embed_texts(&[text.to_string()], 1, false)
            .unwrap();
        let diff = raw[0]
            .iter()
            .zip(&out.embedding)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(diff < 1e-5, "raw embedding returned: {diff}");
        if row["label"] == "oos" {
            continue;
        }
        ins += 1;
        ok += (out.intent.top().label == row["label"]) as usize;
        let flagged = out.oos_score.unwrap() >= threshold
            || out.oos_prob.unwrap() >= out.intent.top().confidence;
        rejected += flagged as usize;
    }
    let acc = ok as f64 / ins as f64;
    let want = metric(&m, "/intent/in_scope_accuracy");
    assert!(
        (acc - want).abs() <= 1.0 / ins as f64 + 1e-9,
        "{acc} vs {want}"
    );
    let rej = rejected as f64 / ins as f64;
    let want = metric(&m, "/intent/in_scope_rejected_as_oos");
    assert!(
        (rej - want).abs() <= 1.0 / ins as f64 + 1e-9,
        "{rej} vs {want}"
    );
    m
}

#[test]
fn bad_training_files_fail_naming_file_and_line() {
    let (tmp, enc) = tiny_encoder();
    let mut cfg = config(tmp.path(), &enc);
    let bad = tmp.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"text\": \"ok\", \"label\": \"a\"}\n{\"text\": \"no label\"}\n",
    )
    .unwrap();
    cfg.intent.train = vec![bad];
    let err = triage::train::run(&cfg, &tmp.path().join("out"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.jsonl:2"), "{err}");

    cfg.intent.train = vec![tmp.path().join("missing.jsonl")];
    let err = triage::train::run(&cfg, &tmp.path().join("out"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing.jsonl"), "{err}");

    let one = tmp.path().join("one.jsonl");
    std::fs::write(
        &one,
        "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"x\"}\n",
    )
    .unwrap();
    cfg.intent.train = vec![one];
    cfg.intent.val = vec![];
    // (With the built-in small talk one label of your own is enough: it is told from the acts.)
    cfg.smalltalk.enabled = false;
    assert!(
        triage::train::run(&cfg, &tmp.path().join("out")).is_err(),
        "one label cannot train a classifier"
    );

    for share in [0.0, -0.5, 1.5, f64::NAN] {
        let mut c = config(tmp.path(), &enc);
        c.oos.unknown_share = share;
        let err = triage::train::run(&c, &tmp.path().join("out"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("[oos] unknown_share"), "{share}: {err}");
    }
    // The high band's error must lie in (0, target_error].
    for high in [0.0, 0.03, f64::NAN] {
        let mut c = config(tmp.path(), &enc);
        c.high_band_error = Some(high);
        let err = triage::train::run(&c, &tmp.path().join("out"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("high_band_error"), "{high}: {err}");
    }
}

#[test]
fn cli_reports_bad_rows_and_exits_non_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("rows.jsonl");
    std::fs::write(&bad, "{\"text\": \"fine\", \"label\": \"a\"}\nnot json\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["train", "--intents"])
        .arg(&bad)
        .arg("--out")
        .arg(tmp.path().join("m"))
        .arg("--cache-dir")
        .arg(tmp.path().join("cache"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rows.jsonl:2"), "{stderr}");
}

/// The sentiment n-gram model learns from `ngram_only` rows (never embedded): words only those
/// rows carry move the served sentiment, training-text duplicates are dropped and counted, and
/// the temperature is fitted on the ensemble serving computes.
#[test]
fn sentiment_ngram_learns_from_rows_the_head_never_sees() {
    let (tmp, enc) = tiny_encoder();
    let mut cfg = config(tmp.path(), &enc);
    let line = |t: String, l: &str| serde_json::json!({"text": t, "label": l}).to_string();
    let mut head_rows = Vec::new();
    let mut val_rows = Vec::new();
    for i in 0..60 {
        head_rows.push(line(format!("good service {i}"), "positive"));
        head_rows.push(line(format!("bad service {i}"), "negative"));
        head_rows.push(line(format!("where is parcel {i}"), "neutral"));
    }
    for i in 0..10 {
        val_rows.push(line(format!("nice shop blorp {i}"), "positive"));
        val_rows.push(line(format!("awful shop snark {i}"), "negative"));
        val_rows.push(line(format!("when does it ship {i}"), "neutral"));
    }
    let mut only = vec![line("good service 0".into(), "positive")]; // a head row: dropped
    for i in 0..150 {
        only.push(line(format!("blorp blorp item {i}"), "positive"));
        only.push(line(format!("snark snark item {i}"), "negative"));
    }
    let write = |name: &str, rows: &[String]| {
        let p = tmp.path().join(name);
        std::fs::write(&p, rows.join("\n") + "\n").unwrap();
        p
    };
    cfg.sentiment = Some(triage::train::HeadData {
        train: vec![write("s_train.jsonl", &head_rows)],
        val: vec![write("s_val.jsonl", &val_rows)],
        val_fraction: 0.1,
        fit: triage::train::fit::FitConfig {
            epochs: 20,
            ..Default::default()
        },
        ngram_only: vec![write("s_only.jsonl", &only)],
    });
    cfg.sentiment_ngram = Some(triage::train::ngram::NgramConfig {
        mode: triage::train::ngram::JoinMode::Average,
        max_n: 3,
        ..Default::default()
    });
    let out = tmp.path().join("m");
    let s = triage::train::run(&cfg, &out).unwrap();
    let spec = s
        .manifest
        .sentiment_ngram
        .as_ref()
        .expect("sentiment_ngram spec");
    assert_eq!(spec.mode, triage::model::manifest::NgramMode::Average);
    let rep = &s.manifest.metrics["sentiment_ngram"];
    assert_eq!(rep["ngram_only_rows"], 301, "{rep}");
    assert_eq!(rep["dropped_duplicates"], 1, "{rep}");
    assert_eq!(rep["examples"], 180 + 300, "{rep}");

    let mut model = triage::model::Model::load(&out, &candle_core::Device::Cpu).unwrap();
    assert!(model.sentiment_ngram.is_some());
    let score = |model: &triage::model::Model, text: &str| {
        let t = model.tokenize(text).unwrap();
        let a = model.analyze_tokenized(&[&t]).unwrap();
        let p = a[0].sentiment.as_ref().unwrap();
        let of = |l: &str| {
            p.ranking
                .iter()
                .find(|r| r.label == l)
                .map(|r| r.confidence)
                .unwrap()
        };
        of("positive") - of("negative")
    };
    let (pos, neg) = (score(&model, "blorp blorp"), score(&model, "snark snark"));
    assert!(
        pos > 0.2 && neg < -0.2,
        "words only the n-gram rows carry decide: blorp {pos}, snark {neg}"
    );
    model.sentiment_ngram = None;
    let alone = score(&model, "blorp blorp") - score(&model, "snark snark");
    assert!(
        pos - neg > alone + 0.3,
        "the head alone never saw these words: gap {alone} vs {}",
        pos - neg
    );
    // Old manifests (no sentiment_ngram) still load: the field is optional.
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    m.as_object_mut().unwrap().remove("sentiment_ngram");
    let old: triage::model::Manifest = serde_json::from_value(m).unwrap();
    assert!(old.sentiment_ngram.is_none());
}

/// With no out-of-scope examples, training holds groups of intents out, scores them as
/// unknown and makes the thresholds at least as strict as the validation choice, and the
/// promise says what it was measured on.
#[test]
fn unknown_intents_are_simulated_when_there_is_no_out_of_scope_data_and_unrelated_messages_flagged()
{
    let (tmp, enc) = tiny_encoder();
    let topics = [
        ("track_order", ["where is my parcel", "track the parcel"]),
        ("cancel_order", ["cancel my purchase", "stop the purchase"]),
        ("get_refund", ["money back please", "refund the money"]),
        ("get_invoice", ["need a receipt", "send the receipt"]),
        ("edit_account", ["change my email", "update profile email"]),
        (
            "delivery_options",
            ["express shipping cost", "shipping speed options"],
        ),
        ("recover_password", ["forgot password", "reset my password"]),
        ("review", ["write a review", "rate the product"]),
    ];
    let write = |name: &str, n: usize, offset: usize| {
        let mut lines = Vec::new();
        for (label, cores) in &topics {
            lines.extend(rows(label, cores, n, offset));
        }
        let p = tmp.path().join(name);
        std::fs::write(&p, lines.join("\n") + "\n").unwrap();
        p
    };
    let mut cfg = TrainConfig::for_intents(write("t.jsonl", 30, 0), Some(write("v.jsonl", 12, 5)));
    cfg.base = enc.clone();
    cfg.prefix = String::new();
    cfg.sentiment_from = None;
    cfg.cache_dir = tmp.path().join("cache");
    cfg.intent.fit.epochs = 15;
    cfg.smalltalk.enabled = false;
    let mut off = cfg.clone();
    off.oos.simulate_unknown = false;
    let plain = triage::train::run(&off, &tmp.path().join("off"))
        .unwrap()
        .manifest;
    let sim = triage::train::run(&cfg, &tmp.path().join("on"))
        .unwrap()
        .manifest;

    // The shipped background joins the data (the bot has no out-of-scope examples of its own),
    // but it stands in neither for the unknown intents nor for the stacker's negatives: the
    // thresholds and the promise still come from the simulation, and no stacker is fitted.
    let bg = &sim.provenance["oos_background"];
    assert_eq!(bg["used"], true, "{bg}");
    assert!(bg["train"].as_u64().unwrap() >= 50, "{bg}");
    assert!(
        sim.metrics["oos_stacker"].is_null(),
        "{}",
        sim.metrics["oos_stacker"]
    );
    let p = &sim.metrics["thresholds"]["promise"];
    assert_eq!(p["basis"], "simulated_unknown", "{p}");
    let s = &p["simulated_unknown"];
    assert_eq!(s["groups"], 4, "{s}");
    // 8 intents, 4 folds, `[oos] unknown_share` 1/8: each fold holds one intent (42 messages)
    // out and knows the other 7, so half of the intents are simulated.
    assert_eq!(s["held_out_share"], 0.5, "{s}");
    assert_eq!(s["unknown_rows"], 4 * 42, "{s}");
    // Cross-fitted: each fold also scores its part of the known intents' 240 training rows;
    // only the rows whose part is their own intent's fold are never scored in scope.
    let xf = s["cross_fitted_rows"].as_u64().unwrap();
    assert!((180..240).contains(&xf), "{s}");
    // Known rows: each fold scores the 12 validation rows of each of the 7 intents it knows,
    // plus those.
    assert_eq!(
        s["rows"].as_u64().unwrap() - s["unknown_rows"].as_u64().unwrap(),
        4 * 7 * 12 + xf,
        "{s}"
    );
    assert!(p["validation_only"].is_object(), "{p}");
    assert_eq!(
        plain.metrics["thresholds"]["promise"]["basis"],
        "validation"
    );
    assert!(sim.thresholds.confidence >= plain.thresholds.confidence);
    let (a, b) = (
        plain.oos.as_ref().unwrap().threshold,
        sim.oos.as_ref().unwrap().threshold,
    );
    assert!(
        b <= a,
        "the simulated cut only makes the threshold stricter: {a} → {b}"
    );
    let chosen = &s["chosen"];
    assert!(
        sim.thresholds.confidence as f64 >= chosen["confidence"].as_f64().unwrap() - 1e-6,
        "{chosen}"
    );

    // Served, the model that never saw an out-of-scope example flags messages about nothing it
    // was taught, and keeps answering its own intents in new wordings.
    let model =
        triage::model::Model::load(&tmp.path().join("on"), &candle_core::Device::Cpu).unwrap();
    // The promise and the thresholds it chose come back from disk as written.
    assert_eq!(
        model.manifest.metrics["thresholds"]["promise"],
        sim.metrics["thresholds"]["promise"]
    );
    assert_eq!(
        model.manifest.thresholds.confidence,
        sim.thresholds.confidence
    );
    assert_eq!(
        model.manifest.oos.as_ref().unwrap().threshold,
        sim.oos.as_ref().unwrap().threshold
    );
    let flagged = |texts: &[&str]| -> usize {
        texts
            .iter()
            .filter(|text| {
                let t = model.tokenize(text).unwrap();
                let a = &model.analyze_tokenized(&[&t]).unwrap()[0];
                triage::classify::out_of_scope_flag(&model.manifest, a)
            })
            .count()
    };
    let unrelated = [
        "what is the weather like tomorrow",
        "tell me a joke about cats",
        "play some jazz music",
        "who won the football game",
        "recipe for tomato soup",
        "translate this sentence into french",
        "how tall is mount everest",
        "set an alarm for seven",
    ];
    let own = [
        "please where is my parcel",
        "cancel my purchase now",
        "refund the money today",
        "send the receipt please",
        "forgot password help me",
        "write a review thanks",
    ];
    let (u, o) = (flagged(&unrelated), flagged(&own));
    // Measured: 7 of 8 (two of them within 0.12 of the cut, so the bound leaves room for either
    // to flip on another CPU's rounding), none of the in-scope ones.
    assert!(
        u >= unrelated.len() - 2,
        "only {u} of {} unrelated messages flagged",
        unrelated.len()
    );
    assert!(
        o <= 1,
        "{o} of {} in-scope messages flagged out of scope",
        own.len()
    );
}

/// `--finetune`: the model folder carries its own tuned encoder layers (a derived folder over the
/// base, much smaller than it), the manifest points at it, the summary reports the tuning, and
/// the folder serves with both forwards giving the same answer.
#[test]
fn finetuned_models_carry_their_tuned_layers_and_serve() {
    let (tmp, enc) = tiny_encoder();
    let mut cfg = config(tmp.path(), &enc);
    cfg.finetune.enabled = true;
    cfg.finetune.layers = 1;
    cfg.finetune.epochs = 2;
    let out = tmp.path().join("ft");
    let s = triage::train::run(&cfg, &out).unwrap();

    assert_eq!(s.manifest.encoder.path, "encoder");
    let f = s.metrics.finetune.as_ref().expect("finetune report");
    assert_eq!(f.layers, vec![1]);
    assert_eq!(f.intent_classes, 3, "oos rows are not a class: {f:?}");
    assert_eq!(f.epochs_done, 2);
    assert!(s.manifest.metrics["finetune"]["steps"].as_u64().unwrap() > 0);
    assert!(s
        .lines()
        .iter()
        .any(|l| l.contains("fine-tuned encoder layers [1]")));
    let own = std::fs::metadata(out.join("encoder/model.safetensors"))
        .unwrap()
        .len();
    let base = std::fs::metadata(enc.join("model.safetensors"))
        .unwrap()
        .len();
    assert!(own * 2 < base, "{own} vs {base}");

    let acc = metric(&s.manifest, "/intent/in_scope_accuracy");
    assert!(acc > 0.6, "3 labels: chance is 0.33, got {acc}");
    use triage::model::{Backend, RunOptions};
    let opts = |backend| RunOptions {
        backend,
        ..Default::default()
    };
    let dev = candle_core::Device::Cpu;
    let fast = triage::model::Model::load_with(&out, &dev, &opts(Backend::Fast)).unwrap();
    let candle = triage::model::Model::load_with(&out, &dev, &opts(Backend::Candle)).unwrap();
    let t = fast.tokenize("where is my order").unwrap();
    let (a, b) = (
        fast.analyze_tokenized(&[&t]).unwrap(),
        candle.analyze_tokenized(&[&t]).unwrap(),
    );
    let (ta, tb) = (a[0].intent.top(), b[0].intent.top());
    assert_eq!(ta.label, tb.label);
    assert!(
        (ta.confidence - tb.confidence).abs() < 1e-3,
        "{ta:?} vs {tb:?}"
    );
    // A model without fine-tuning keeps pointing at the base.
    let plain = triage::train::run(&config(tmp.path(), &enc), &tmp.path().join("plain")).unwrap();
    assert!(plain.metrics.finetune.is_none());
    assert!(plain.manifest.metrics.get("finetune").is_none());
}

/// A user's intent that says a built-in act under another name (CLINC's `thank_you`) covers it:
/// the built-in examples of that act are not added, the manifest maps the intent to the act (so
/// the policy answers it as small talk), and it survives a write and a read; unrelated intents
/// cover nothing.
#[test]
fn an_intent_that_says_a_built_in_act_replaces_it() {
    let (tmp, enc) = tiny_encoder();
    let mut cfg = config(tmp.path(), &enc);
    cfg.intent.fit.epochs = 10;
    // Plain fixture: nothing covered.
    let plain = triage::train::run(&cfg, &tmp.path().join("plain"))
        .unwrap()
        .manifest;
    assert!(plain.smalltalk_aliases.is_empty());
    assert!(plain.provenance["smalltalk"]["covered"].is_null());

    // The user's thank_you intent: the English thanks messages, in their own words.
    let thanks: Vec<String> = triage::smalltalk::examples()
        .iter()
        .filter(|e| e.label == "thanks" && e.lang == "en")
        .map(|e| serde_json::json!({"text": e.text, "label": "thank_you"}).to_string())
        .collect();
    assert!(thanks.len() >= 20);
    let train = tmp.path().join("train.jsonl");
    let mut text = std::fs::read_to_string(&train).unwrap();
    text.push_str(&(thanks.join("\n") + "\n"));
    let with = tmp.path().join("train_thanks.jsonl");
    std::fs::write(&with, text).unwrap();
    cfg.intent.train = vec![with];
    let out = tmp.path().join("covered");
    let m = triage::train::run(&cfg, &out).unwrap().manifest;
    assert_eq!(
        m.smalltalk_aliases.get("thank_you").map(String::as_str),
        Some("thanks"),
        "{:?}",
        m.provenance["smalltalk"]
    );
    let st = &m.provenance["smalltalk"];
    assert!(st["added"].get("thanks").is_none(), "{st}");
    assert!(st["added"]["greeting"].as_u64().unwrap() > 0, "{st}");
    assert_eq!(st["covered"][0]["label"], "thank_you", "{st}");
    // Written and read back.
    let again: triage::model::Manifest =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(again.smalltalk_aliases, m.smalltalk_aliases);
}
