//! Shows the best knowledge-base matches for messages (for tuning thresholds):
//!
//!     cargo run --release --example kb_probe -- kb/default.jsonl "怎么开发票" "where is my parcel"

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use triage::kb::{Embedder, KbStore};
use triage::model::{select_device, Model, ModelError};

/// Indexes questions with the query prefix instead (KB_PROBE_QUERY=1), to compare.
struct AsQuery(Arc<Model>);

impl Embedder for AsQuery {
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn embed_documents(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, ModelError> {
        self.0.bundle.embed_texts(texts, 32, false)
    }
}

fn main() -> anyhow::Result<()> {
    triage::model::tune_cpu_threads();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = Arc::new(Model::load(Path::new("models/default"), &select_device())?);
    let t = Instant::now();
    let embedder: Arc<dyn Embedder> = if std::env::var_os("KB_PROBE_QUERY").is_some() {
        Arc::new(AsQuery(model.clone()))
    } else {
        model.clone()
    };
    let (kb, stats) = KbStore::open(Path::new(&args[0]), embedder)?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "indexed {} entries / {} questions in {secs:.2} s ({:.1} questions/s)",
        stats.entries,
        stats.questions,
        stats.questions as f64 / secs
    );
    let idx = kb.snapshot();
    for text in &args[1..] {
        let text = triage::text::normalize::normalize(text);
        let tok = model.tokenize(&text)?;
        let a = model.analyze(&[tok.ids.as_slice()])?.remove(0);
        let top = a.intent.top();
        println!("{text}  [{} {:.2}]", top.label, top.confidence);
        for h in idx.search(&a.embedding, 3) {
            println!(
                "   {:.4} {} ({:?}) \"{}\"",
                h.similarity, h.entry.id, h.entry.intent, h.question
            );
        }
    }
    Ok(())
}
