//! The knowledge base as served: the file on disk is the source of truth; the in-memory index is
//! rebuilt from it and swapped in whole. Readers take the current index with one pointer clone
//! (never waiting on a rebuild); writers (PUT, DELETE, reload) run one at a time, re-read the
//! file, apply their change, re-encode only questions not already indexed, write the file
//! atomically, then swap the new index in.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use serde::Serialize;

use super::entry::{self, Entry};
use super::index::{AnswerEmbedding, KbIndex};
use super::settings::KbSettings;
use super::KbError;
use crate::model::{Model, ModelError};

/// Encodes knowledge-base questions as documents (the encoder's document prefix).
pub trait Embedder: Send + Sync {
    fn dim(&self) -> usize;
    fn embed_documents(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, ModelError>;
    /// Intent labels entries may link to; `None` accepts any.
    fn intent_labels(&self) -> Option<Vec<String>> {
        None
    }
}

/// Questions per forward pass when indexing.
pub const INDEX_BATCH: usize = 32;

impl Embedder for Model {
    fn dim(&self) -> usize {
        self.bundle.encoder.hidden_size()
    }

    fn embed_documents(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, ModelError> {
        let texts: Vec<String> = texts
            .iter()
            .map(|t| crate::text::normalize::normalize(t))
            .collect();
        let Some(mut cache) = document_cache(self) else {
            return self.bundle.embed_texts(&texts, INDEX_BATCH, true);
        };
        let missing: Vec<String> = texts
            .iter()
            .filter(|t| cache.get(t).is_none())
            .cloned()
            .collect();
        if !missing.is_empty() {
            let fresh = self.bundle.embed_texts(&missing, INDEX_BATCH, true)?;
            for (t, v) in missing.iter().zip(fresh) {
                cache.insert(t, v);
            }
            if let Err(e) = cache.flush() {
                tracing::warn!(error = %e, "could not write the knowledge-base embedding cache");
            }
        }
        Ok(texts
            .iter()
            .map(|t| cache.get(t).cloned().unwrap_or_default())
            .collect())
    }

    fn intent_labels(&self) -> Option<Vec<String>> {
        let oos = self.manifest.oos.as_ref().map(|o| o.label.as_str());
        Some(
            self.manifest
                .intent_labels()
                .iter()
                .filter(|l| Some(l.as_str()) != oos)
                .cloned()
                .collect(),
        )
    }
}

/// Where knowledge-base question embeddings are cached across restarts (start-up then encodes
/// only new questions). Separate from the training cache, which is large.
pub const DOCUMENT_CACHE_DIR: &str = ".cache/kb-embeddings";

/// Read-only vectors shipped with the default knowledge base (same format and keys as the
/// cache), so a fresh checkout starts without encoding it. Regenerate with
/// `scripts/kb-seed.sh` after editing `kb/default.jsonl`; stale entries simply miss.
pub const DOCUMENT_SEED_DIR: &str = "kb/embeddings";

/// The on-disk cache for this model's document embeddings, keyed by encoder weights, document
/// prefix, token limit and arithmetic (int8 embeddings differ from f32 ones). `None` (encode
/// everything) when the folder cannot be used.
fn document_cache(model: &Model) -> Option<crate::model::cache::EmbeddingCache> {
    let dir = std::env::var_os("TRIAGE_KB_CACHE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DOCUMENT_CACHE_DIR));
    if dir.as_os_str() == "none" {
        return None;
    }
    let id = model.bundle.fingerprint.clone()?;
    let arithmetic = model.bundle.encoder.arithmetic();
    let salt = format!(
        "{}|{}|document|{arithmetic}",
        model.bundle.document_prefix,
        model.bundle.tokenizer.max_tokens()
    );
    let dim = model.bundle.encoder.hidden_size();
    match crate::model::cache::EmbeddingCache::open(&dir, &id, salt, dim) {
        Ok(mut c) => {
            let seed = Path::new(DOCUMENT_SEED_DIR)
                .join(crate::model::cache::EmbeddingCache::file_name(&id, dim));
            c.add_seed(&seed);
            Some(c)
        }
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e, "knowledge-base embedding cache unavailable");
            None
        }
    }
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RebuildStats {
    pub entries: usize,
    pub questions: usize,
    /// Questions that had to be encoded (the rest reused their embeddings).
    pub encoded: usize,
    pub ms: f64,
}

pub struct KbStore {
    path: Option<PathBuf>,
    embedder: Arc<dyn Embedder>,
    current: RwLock<Arc<KbIndex>>,
    writer: tokio::sync::Mutex<()>,
    reloads: AtomicU64,
}

impl KbStore {
    /// No knowledge base: searches find nothing and writes are refused.
    pub fn disabled(embedder: Arc<dyn Embedder>) -> Self {
        let dim = embedder.dim();
        Self {
            path: None,
            embedder,
            current: RwLock::new(Arc::new(KbIndex::empty(dim))),
            writer: tokio::sync::Mutex::new(()),
            reloads: AtomicU64::new(0),
        }
    }

    /// Reads and indexes the file (blocking: encodes every question).
    pub fn open(path: &Path, embedder: Arc<dyn Embedder>) -> Result<(Self, RebuildStats), KbError> {
        let store = Self::disabled(embedder);
        let entries = entry::read_file(path)?;
        let (index, stats) = rebuild(store.embedder.as_ref(), &store.snapshot(), entries, path)?;
        *store.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(index);
        Ok((
            Self {
                path: Some(path.to_path_buf()),
                ..store
            },
            stats,
        ))
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The current index (a pointer clone; never waits for a rebuild).
    pub fn snapshot(&self) -> Arc<KbIndex> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Successful reloads (`POST /v1/kb:reload`) since start.
    pub fn reloads(&self) -> u64 {
        self.reloads.load(Ordering::Relaxed)
    }

    fn writable(&self) -> Result<PathBuf, KbError> {
        self.path.clone().ok_or(KbError::ReadOnly)
    }

    /// Runs one change against the file: re-read it, apply `change`, rebuild, write, swap.
    async fn write_with<T: Send + 'static>(
        &self,
        change: impl FnOnce(&mut Vec<Entry>) -> Result<T, KbError> + Send + 'static,
        persist: bool,
    ) -> Result<(T, RebuildStats), KbError> {
        let path = self.writable()?;
        let _guard = self.writer.lock().await;
        let embedder = self.embedder.clone();
        let old = self.snapshot();
        let (index, out, stats) = tokio::task::spawn_blocking(move || {
            let mut entries = entry::read_file(&path)?;
            let before = entries.clone();
            let out = change(&mut entries)?;
            let (index, stats) = rebuild(embedder.as_ref(), &old, entries, &path)?;
            if persist && index.entries() != before.as_slice() {
                crate::fsutil::write_atomic(&path, entry::to_jsonl(index.entries()).as_bytes())
                    .map_err(|e| KbError::Io {
                        path: path.display().to_string(),
                        source: e,
                    })?;
            }
            Ok::<_, KbError>((index, out, stats))
        })
        .await
        .map_err(|e| KbError::Index(format!("indexing task failed: {e}")))??;
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(index);
        Ok((out, stats))
    }

    /// Adds or replaces an entry; returns the stored entry and whether it is new.
    pub async fn put(&self, entry: Entry) -> Result<(Entry, bool), KbError> {
        let entry = entry.normalized()?;
        let stored = entry.clone();
        let (created, _) = self
            .write_with(
                move |entries| {
                    Ok(match entries.iter_mut().find(|e| e.id == entry.id) {
                        Some(e) => {
                            *e = entry;
                            false
                        }
                        None => {
                            entries.push(entry);
                            true
                        }
                    })
                },
                true,
            )
            .await?;
        Ok((stored, created))
    }

    /// Removes an entry; returns it.
    pub async fn delete(&self, id: &str) -> Result<Entry, KbError> {
        let id = id.to_string();
        let (removed, _) = self
            .write_with(
                move |entries| {
                    let pos = entries
                        .iter()
                        .position(|e| e.id == id)
                        .ok_or_else(|| KbError::NotFound(id.clone()))?;
                    Ok(entries.remove(pos))
                },
                true,
            )
            .await?;
        Ok(removed)
    }

    /// Re-reads the file; on any error the current index stays.
    pub async fn reload(&self) -> Result<RebuildStats, KbError> {
        let ((), stats) = self.write_with(|_| Ok(()), false).await?;
        self.reloads.fetch_add(1, Ordering::Relaxed);
        Ok(stats)
    }
}

/// One vector per text: `known`'s where it has the text, else freshly encoded (each distinct
/// new text once). Also returns how many texts were encoded.
fn reuse_or_embed(
    embedder: &dyn Embedder,
    texts: &[&str],
    known: &std::collections::HashMap<&str, ndarray::ArrayView1<'_, f32>>,
) -> Result<(Vec<Vec<f32>>, usize), KbError> {
    let mut missing: Vec<String> = texts
        .iter()
        .filter(|t| !known.contains_key(**t))
        .map(|t| t.to_string())
        .collect();
    missing.sort();
    missing.dedup();
    let fresh = if missing.is_empty() {
        Vec::new()
    } else {
        embedder.embed_documents(&missing)?
    };
    let fresh: std::collections::HashMap<&str, &Vec<f32>> =
        missing.iter().map(String::as_str).zip(&fresh).collect();
    let out = texts
        .iter()
        .map(|t| match known.get(t) {
            Some(v) => v.to_vec(),
            None => fresh[t].clone(),
        })
        .collect();
    Ok((out, missing.len()))
}

/// Builds an index for `entries`, encoding only questions and answers `old` does not hold.
fn rebuild(
    embedder: &dyn Embedder,
    old: &KbIndex,
    entries: Vec<Entry>,
    path: &Path,
) -> Result<(KbIndex, RebuildStats), KbError> {
    let t = Instant::now();
    if let Some(labels) = embedder.intent_labels() {
        for e in &entries {
            if let Some(i) = &e.intent {
                if !labels.iter().any(|l| l == i) {
                    return Err(KbError::Invalid(format!(
                        "{}: entry {}: intent {i:?} is not one of the model's intents ({})",
                        path.display(),
                        e.id,
                        labels.join(", ")
                    )));
                }
            }
        }
    }
    let mut ids = HashSet::new();
    for e in &entries {
        if !ids.insert(e.id.as_str()) {
            return Err(KbError::Invalid(format!("duplicate id {:?}", e.id)));
        }
    }
    let questions: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.questions.iter().map(String::as_str))
        .collect();
    let (embeddings, new_questions) =
        reuse_or_embed(embedder, &questions, &old.embeddings_by_question())?;
    let questions = embeddings.len();
    let n = entries.len();
    // Answers count in the ranking too (see `index`).
    let answer_keys: Vec<(usize, &str)> = entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.answer.keys().map(move |l| (i, l.as_str())))
        .collect();
    let answer_texts: Vec<&str> = answer_keys
        .iter()
        .map(|(i, l)| entries[*i].answer[*l].as_str())
        .collect();
    let (answer_vecs, new_answers) =
        reuse_or_embed(embedder, &answer_texts, &old.embeddings_by_answer())?;
    let encoded = new_questions + new_answers;
    let answers = answer_keys
        .iter()
        .zip(answer_vecs)
        .map(|(&(entry, language), embedding)| AnswerEmbedding {
            entry,
            language: language.to_string(),
            embedding,
        })
        .collect();
    let index = KbIndex::build_with_answers(entries, embeddings, answers, embedder.dim())?
        .with_settings(KbSettings::read_beside(path)?);
    Ok((
        index,
        RebuildStats {
            entries: n,
            questions,
            encoded,
            ms: t.elapsed().as_secs_f64() * 1e3,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// A fake encoder: a hash of the text as a 4-d vector; counts what it encodes.
    struct Fake(AtomicUsize);

    impl Embedder for Fake {
        fn dim(&self) -> usize {
            4
        }
        fn embed_documents(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, ModelError> {
            self.0.fetch_add(texts.len(), Ordering::Relaxed);
            Ok(texts
                .iter()
                .map(|t| {
                    let b = t.as_bytes();
                    (0..4)
                        .map(|i| 1.0 + b.get(i).copied().unwrap_or(0) as f32)
                        .collect()
                })
                .collect())
        }
        fn intent_labels(&self) -> Option<Vec<String>> {
            Some(vec!["track_order".into()])
        }
    }

    fn entry(id: &str, qs: &[&str]) -> Entry {
        serde_json::from_value(serde_json::json!({
            "id": id, "questions": qs, "answer": {"en": format!("about {id}")}
        }))
        .unwrap()
    }

    #[tokio::test]
    async fn writes_go_to_the_file_and_reuse_embeddings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.jsonl");
        std::fs::write(&path, entry::to_jsonl(&[entry("a", &["qa1", "qa2"])])).unwrap();
        let fake = Arc::new(Fake(AtomicUsize::new(0)));
        let (kb, stats) = KbStore::open(&path, fake.clone()).unwrap();
        // Two questions and the answer.
        assert_eq!((stats.entries, stats.questions, stats.encoded), (1, 2, 3));

        let (_, created) = kb.put(entry("b", &["qb", "qa1"])).await.unwrap();
        assert!(created);
        assert_eq!(
            fake.0.load(Ordering::Relaxed),
            5,
            "only the new question and the new answer are encoded"
        );
        assert_eq!(kb.snapshot().len(), 2);
        let on_disk = entry::read_file(&path).unwrap();
        assert_eq!(
            on_disk.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );

        let (_, created) = kb.put(entry("a", &["qa3"])).await.unwrap();
        assert!(!created);
        assert_eq!(entry::read_file(&path).unwrap()[0].questions, ["qa3"]);

        let removed = kb.delete("a").await.unwrap();
        assert_eq!(removed.id, "a");
        assert!(matches!(kb.delete("a").await, Err(KbError::NotFound(_))));
        assert_eq!(entry::read_file(&path).unwrap().len(), 1);

        // Edits to the file show after a reload; a broken file leaves the index as it was.
        std::fs::write(&path, entry::to_jsonl(&[entry("c", &["qc"])])).unwrap();
        kb.reload().await.unwrap();
        assert_eq!(kb.snapshot().entries()[0].id, "c");
        std::fs::write(&path, "{not json\n").unwrap();
        let e = kb.reload().await.unwrap_err().to_string();
        assert!(e.contains("kb.jsonl:1:"), "{e}");
        assert_eq!(kb.snapshot().entries()[0].id, "c");
        assert_eq!(kb.reloads(), 1);
    }

    #[tokio::test]
    async fn bad_entries_and_read_only_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.jsonl");
        std::fs::write(&path, "").unwrap();
        let fake = Arc::new(Fake(AtomicUsize::new(0)));
        let (kb, _) = KbStore::open(&path, fake.clone()).unwrap();
        let mut e = entry("x", &["q"]);
        e.intent = Some("no_such_intent".into());
        let err = kb.put(e).await.unwrap_err();
        assert!(matches!(err, KbError::Invalid(_)), "{err}");
        assert!(err.to_string().contains("not one of the model's intents"));
        assert!(matches!(
            kb.put(entry("x", &[])).await,
            Err(KbError::Invalid(_))
        ));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "",
            "file untouched"
        );

        let ro = KbStore::disabled(fake);
        assert!(matches!(
            ro.put(entry("x", &["q"])).await,
            Err(KbError::ReadOnly)
        ));
        assert!(matches!(ro.reload().await, Err(KbError::ReadOnly)));
    }
}
