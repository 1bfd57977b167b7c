use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use triage::classify::{ClassifyRequest, Customer};
use triage::cli::{Cli, Command, ImportCommand, KeysCommand};
use triage::config::ServeConfig;

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TRIAGE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn main() -> anyhow::Result<()> {
    triage::model::tune_cpu_threads();
    let cli = Cli::parse();
    init_logging(&cli.log_format);
    match cli.command {
        Command::Serve(args) => {
            let config = ServeConfig::resolve(&args)?;
            let rt = tokio::runtime::Runtime::new()?;
            rt.block_on(serve(config))
        }
        Command::Classify {
            model,
            vip,
            top_k,
            texts,
        } => classify(model, vip, top_k, texts),
        Command::Embed {
            model,
            texts,
            document,
            out,
        } => {
            triage::model::tune_cpu_threads();
            let m = triage::model::Model::load_with(
                &model,
                &triage::model::select_device(),
                &Default::default(),
            )?;
            let texts: Vec<String> = triage::bench::read_texts(&texts, usize::MAX)?
                .iter()
                .map(|t| triage::text::normalize(t))
                .collect();
            let v = m.bundle.embed_texts(&texts, 32, document)?;
            let mut body = String::new();
            for (t, e) in texts.iter().zip(v) {
                body.push_str(&serde_json::to_string(
                    &serde_json::json!({"text": t, "embedding": e}),
                )?);
                body.push('\n');
            }
            std::fs::write(&out, body).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("{} embeddings written to {}", texts.len(), out.display());
            Ok(())
        }
        Command::Train {
            config,
            intents,
            val,
            out,
            name,
            seed,
            max_oos_rejection,
            cache_dir,
        } => {
            let mut cfg = match (config, intents) {
                (Some(c), _) => triage::train::TrainConfig::load(&c)?,
                (None, Some(i)) => triage::train::TrainConfig::for_intents(i, val),
                (None, None) => anyhow::bail!("give --config FILE or --intents FILE"),
            };
            if let Some(n) = name {
                cfg.name = n;
            }
            if let Some(s) = seed {
                cfg.seed = s;
            }
            if let Some(r) = max_oos_rejection {
                cfg.oos_max_in_scope_rejection = r;
            }
            if let Some(d) = cache_dir {
                cfg.cache_dir = d;
            }
            let summary = triage::train::run(&cfg, &out)?;
            print_train_summary(&summary);
            Ok(())
        }
        Command::Bench {
            encoder,
            texts,
            n,
            batch,
            threads,
            prefix,
            max_len,
            backend,
            precision,
        } => {
            let result = triage::bench::run(&triage::bench::BenchOptions {
                encoder,
                texts,
                n,
                batch,
                threads,
                prefix,
                max_len,
                backend,
                precision,
            })?;
            println!("{}", serde_json::to_string(&result)?);
            Ok(())
        }
        Command::Loadgen {
            url,
            texts,
            duration,
            concurrency,
            rate,
            max_in_flight,
            token,
        } => {
            let texts = triage::bench::read_texts(&texts, usize::MAX)?;
            // One client thread: it needs a fraction of a core even at 20× overload, and on a
            // small machine a second one would only compete with the server it measures.
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let runs: Vec<usize> = if rate.is_some() { vec![0] } else { concurrency };
            for c in runs {
                let report = rt.block_on(triage::loadgen::run(&triage::loadgen::LoadOptions {
                    url: url.clone(),
                    texts: texts.clone(),
                    duration: std::time::Duration::from_secs_f64(duration),
                    concurrency: c,
                    rate,
                    max_in_flight,
                    token: token.clone(),
                }))?;
                println!("{}", serde_json::to_string(&report)?);
            }
            Ok(())
        }
        Command::Eval(args) => eval(args),
        Command::Keys(KeysCommand::New { id, tenant, roles }) => {
            for (what, v) in [("--id", &id), ("--tenant", &tenant)] {
                if !triage::auth::valid_name(v) {
                    anyhow::bail!("{what} {v:?}: use 1-64 of A-Z a-z 0-9 - _ .");
                }
            }
            let mut roles = roles;
            roles.dedup();
            let token = triage::auth::keys::new_token()?;
            println!("token (shown once; give it to the client, keep it secret):\n{token}\n");
            println!("add to the keys file (--keys):\n");
            print!(
                "{}",
                triage::auth::keys::toml_block(&id, &tenant, &roles, &token)
            );
            Ok(())
        }
        Command::Import(cmd) => {
            let t = Instant::now();
            let out = match cmd {
                ImportCommand::E5s1 {
                    weights,
                    tokenizer,
                    out,
                } => {
                    triage::model::import::import_e5s1(&weights, &tokenizer, &out)?;
                    out
                }
                ImportCommand::Hf { src, out, f32 } => {
                    triage::model::import::import_hf(&src, &out, !f32, false)?;
                    out
                }
            };
            eprintln!(
                "imported into {} in {:.1} s",
                out.display(),
                t.elapsed().as_secs_f64()
            );
            Ok(())
        }
    }
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    tracing::info!(config = %serde_json::to_string(&config)?, "starting");
    let listener = tokio::net::TcpListener::bind(&config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let running =
        triage::server::start(config, listener, Some(Box::pin(shutdown_signal()))).await?;
    tracing::info!(addr = %running.addr, "listening");
    running.wait().await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested; draining in-flight requests");
}

fn classify(
    model: std::path::PathBuf,
    vip: bool,
    top_k: usize,
    texts: Vec<String>,
) -> anyhow::Result<()> {
    let config = ServeConfig::resolve(&triage::config::ServeArgs {
        model: Some(model),
        ..Default::default()
    })?;
    let store = Arc::new(triage::store::Store::memory(triage::server::store_limits(
        &config,
    )));
    let classifier = Arc::new(
        triage::server::load_classifier(&config, store, None)
            .map_err(|e| anyhow::anyhow!(e))
            .with_context(|| format!("loading model {}", config.model.display()))?,
    );
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        for text in texts {
            let req = ClassifyRequest {
                text,
                conversation_id: None,
                customer: Some(Customer { id: None, vip }),
                top_k: Some(top_k),
                tenant: None,
            };
            let resp = classifier.classify(&req).await?;
            println!("{}", serde_json::to_string(&resp)?);
        }
        anyhow::Ok(())
    })?;
    classifier.engine.shutdown();
    Ok(())
}

fn eval(args: triage::cli::EvalArgs) -> anyhow::Result<()> {
    use triage::cli::OutputFormat;
    use triage::eval;
    let json = args.format == OutputFormat::Json;
    if let Some(ab) = &args.compare {
        let (a, b) = (&ab[0], &ab[1]);
        let out = args.out.clone().unwrap_or_else(|| {
            b.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(|p| p.to_path_buf())
                .unwrap_or_else(|| ".".into())
        });
        let (c, md) = eval::compare_files(a, b, &out)?;
        if json {
            println!("{}", serde_json::to_string_pretty(&c)?);
        } else {
            print!("{md}");
            eprintln!("wrote {0}/compare.md and {0}/compare.json", out.display());
        }
        return Ok(());
    }
    if let Some(pairs) = &args.pairs {
        let report = triage::kb::pairs::evaluate_pairs(&args.model, pairs, args.limit)?;
        if let Some(out) = &args.out {
            std::fs::create_dir_all(out)?;
            triage::fsutil::write_atomic(
                &out.join("pairs.json"),
                serde_json::to_string_pretty(&report)?.as_bytes(),
            )?;
        }
        if args.write_threshold {
            triage::kb::pairs::write_threshold(&args.model, report.best.threshold)?;
        }
        if json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            println!("{}", report.summary());
            if args.write_threshold {
                eprintln!(
                    "wrote thresholds.faq_similarity = {:.4} to {}",
                    report.best.threshold,
                    args.model.join("manifest.json").display()
                );
            }
        }
        return Ok(());
    }
    if let Some(faq) = &args.faq {
        let kb = triage::config::resolve_kb(args.kb.clone(), &args.model)
            .context("--faq needs a knowledge base: --kb FILE")?;
        let queries = eval::faq::load(faq)?;
        let policy = eval::load_policy(&args.policy)?;
        triage::model::tune_cpu_threads();
        let run = triage::model::RunOptions {
            precision: args.precision,
            ..Default::default()
        };
        let model =
            triage::model::Model::load_with(&args.model, &triage::model::select_device(), &run)?;
        let name = format!("{} {}", model.manifest.name, model.manifest.version);
        let results = eval::faq::run(model, policy, &kb, faq, &queries)?;
        let r = eval::faq::build(
            results,
            name,
            kb.display().to_string(),
            faq.display().to_string(),
        );
        if let Some(out) = &args.out {
            eval::faq::write_all(out, &r)?;
        }
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(
                    &serde_json::json!({"overall": r.overall, "by_kind": r.by_kind, "by_language": r.by_language})
                )?
            );
        } else {
            for l in eval::faq::summary_lines(&r) {
                println!("{l}");
            }
        }
        return Ok(());
    }
    let out = args.out.clone().context("--out REPORT_DIR is required")?;
    let opts = eval::Options {
        model: args.model.clone(),
        data: args.data.clone(),
        out: out.clone(),
        oos_label: args.oos_label.clone(),
        target_error: args.target_error,
        batch_size: args.batch_size,
        policy: args.policy.clone(),
        show_progress: !json,
        precision: args.precision,
        kb: triage::config::resolve_kb(args.kb.clone(), &args.model),
    };
    let started = Instant::now();
    let outcome = match args.cv {
        Some(k) => {
            let default_base = std::path::Path::new(triage::train::DEFAULT_BASE);
            let default_model = std::path::Path::new(triage::config::DEFAULT_MODEL);
            let cv = eval::cv::CvOptions {
                k,
                base: args.base.clone(),
                cache_dir: args.cache_dir.clone(),
                seed: args.seed,
                oos_label: args.oos_label.clone().unwrap_or_else(|| "oos".into()),
                target_error: args.target_error,
                // The shipped sentiment head fits the shipped base encoder only.
                sentiment_from: (args.base == default_base
                    && default_model.join("manifest.json").exists())
                .then(|| default_model.to_path_buf()),
                show_progress: !json,
            };
            eval::cross_validate(&opts, &cv)?
        }
        None => eval::evaluate(&opts)?,
    };
    let mut written = None;
    if args.write_thresholds {
        if let eval::Outcome::Labelled(r) = &outcome {
            written = Some(eval::write_thresholds(&args.model, r)?);
        } else {
            anyhow::bail!("--write-thresholds needs labelled data, not conversations");
        }
    }
    if json {
        let mut v = outcome.summary_json(&out);
        if let (Some(t), Some(o)) = (&written, v.as_object_mut()) {
            o.insert("thresholds_written".into(), serde_json::to_value(t)?);
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        for l in outcome.summary_lines() {
            println!("{l}");
        }
        if let Some(t) = &written {
            println!(
                "thresholds written to {}/manifest.json: confidence {:.3}, high {:.3}, margin {:.3}",
                args.model.display(),
                t.confidence,
                t.high_confidence,
                t.margin
            );
        }
        println!(
            "wrote {0}/report.json, report.md, report.html, predictions.jsonl in {1:.1} s",
            out.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn print_train_summary(s: &triage::train::TrainSummary) {
    let m = &s.manifest.metrics;
    let get = |p: &str| m.pointer(p).cloned().unwrap_or(serde_json::Value::Null);
    let pct = |v: serde_json::Value| {
        v.as_f64()
            .map(|x| format!("{:.2}%", 100.0 * x))
            .unwrap_or_else(|| "-".into())
    };
    println!(
        "model written to {} in {:.1} s ({} texts encoded, the rest from cache)",
        s.out.display(),
        s.seconds,
        s.encoded
    );
    println!("{:<42} {:>10}", "metric (validation)", "value");
    println!(
        "{:<42} {:>10}",
        "intent in-scope accuracy",
        pct(get("/intent/in_scope_accuracy"))
    );
    if let Some(by) = m
        .pointer("/intent/in_scope_accuracy_by_language")
        .and_then(|v| v.as_object())
    {
        for (k, v) in by {
            println!("{:<42} {:>10}", format!("  language {k}"), pct(v.clone()));
        }
    }
    println!(
        "{:<42} {:>10}",
        "out-of-scope recall",
        pct(get("/intent/oos_recall"))
    );
    println!(
        "{:<42} {:>10}",
        "in-scope rejected as out-of-scope",
        pct(get("/intent/in_scope_rejected_as_oos"))
    );
    if let Some(by) = m
        .pointer("/intent/accuracy_by_file")
        .and_then(|v| v.as_object())
    {
        for (k, v) in by {
            println!(
                "{:<42} {:>10}",
                format!("  accuracy on {k}"),
                pct(v.clone())
            );
        }
    }
    println!(
        "{:<42} {:>10}",
        "ECE before → after calibration",
        format!(
            "{:.3}→{:.3}",
            get("/calibration/ece_before").as_f64().unwrap_or(0.0),
            get("/calibration/ece_after").as_f64().unwrap_or(0.0)
        )
    );
    let t = &s.manifest.thresholds;
    println!(
        "{:<42} {:>10}",
        "thresholds: confidence / margin",
        format!("{:.3}/{:.3}", t.confidence, t.margin)
    );
    for (lang, l) in &t.per_language {
        println!(
            "{:<42} {:>10}",
            format!("  language {lang}"),
            format!("{:.3}/{:.3}", l.confidence, l.margin)
        );
    }
    if let Some(p) = m.pointer("/thresholds/promise") {
        let describe = |v: &serde_json::Value| {
            serde_json::from_value::<triage::metrics::bound::TrafficError>(v.clone())
                .map(|t| t.describe())
                .unwrap_or_default()
        };
        println!("promised bot error: {}", describe(&p["overall"]));
        if let Some(sim) = p["simulated_unknown"].as_object() {
            let c = &sim["chosen"];
            println!(
                "  measured on simulated unknown intents: your intents held out in {} groups ({} of {} messages unknown to the model that scored them); the out-of-scope cut rejects {:.0}% of in-scope messages, confidence ≥ {:.2}, {:.0}% of in-scope messages answered right there",
                sim["groups"],
                sim["unknown_rows"],
                sim["rows"],
                100.0 * c["in_scope_rejection"].as_f64().unwrap_or(0.0),
                c["confidence"].as_f64().unwrap_or(0.0),
                100.0 * c["automation"].as_f64().unwrap_or(0.0),
            );
        }
        if let Some(by) = p["per_language"].as_object() {
            for (lang, v) in by {
                println!("  language {lang}: {}", describe(v));
            }
        }
        if p["supported"] == serde_json::Value::Bool(false) && p["basis"] == "simulated_unknown" {
            println!(
                "warning: without out-of-scope examples your data cannot support the {:.1}% target at {:.0}% out-of-scope traffic; the safest thresholds found were chosen; add out-of-scope examples, or raise target_error / lower expected_oos_share for more automation",
                100.0 * p["target_error"].as_f64().unwrap_or(0.0),
                100.0 * p["expected_oos_share"].as_f64().unwrap_or(0.0)
            );
        } else if p["supported"] == serde_json::Value::Bool(false) {
            println!(
                "warning: the validation data cannot support the {:.1}% target at {:.0}% out-of-scope traffic; add out-of-scope and validation examples, or raise the thresholds",
                100.0 * p["target_error"].as_f64().unwrap_or(0.0),
                100.0 * p["expected_oos_share"].as_f64().unwrap_or(0.0)
            );
        }
    }
    if let Some(by) = m.pointer("/sentiment").and_then(|v| v.as_object()) {
        for (k, v) in by {
            if let Some(acc) = v.get("accuracy") {
                println!(
                    "{:<42} {:>10}",
                    format!("sentiment accuracy on {k}"),
                    pct(acc.clone())
                );
            }
            if let Some(p) = v.get("polarity_accuracy").filter(|p| !p.is_null()) {
                println!(
                    "{:<42} {:>10}",
                    format!("  polarity accuracy on {k}"),
                    pct(p.clone())
                );
            }
        }
    }
}
