use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use triage::classify::{ClassifyRequest, Customer};
use triage::cli::{Cli, Command, ImportCommand};
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
    let classifier = Arc::new(
        triage::server::load_classifier(&config)
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
            };
            let resp = classifier.classify(&req).await?;
            println!("{}", serde_json::to_string(&resp)?);
        }
        anyhow::Ok(())
    })?;
    classifier.engine.shutdown();
    Ok(())
}
