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
            finetune,
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
            if finetune {
                cfg.finetune.enabled = true;
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
        Command::Eval(args) => triage::eval::cli::run(args),
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

fn print_train_summary(s: &triage::train::TrainSummary) {
    for line in s.lines() {
        println!("{line}");
    }
}
