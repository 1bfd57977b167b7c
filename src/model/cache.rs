//! Embedding cache: each text is encoded once per encoder; re-runs read the vectors back.
//! Keyed by sha256(encoder fingerprint, prefix, max tokens, text), stored append-only.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub struct EmbeddingCache {
    path: PathBuf,
    dim: usize,
    salt: String,
    map: HashMap<[u8; 32], Vec<f32>>,
    pending: Vec<([u8; 32], Vec<f32>)>,
}

/// Identifies an encoder folder by the hash of its config and of its whole weights file. The
/// whole file, because a copy with only its top layers fine-tuned shares the size and the first
/// megabytes with its base; hashing 67 MB takes about 0.2 s.
/// A derived folder (tuned layers over a base, see `model::derived`) hashes its base's
/// fingerprint with its own files.
pub fn fingerprint(encoder_dir: &Path) -> std::io::Result<String> {
    fingerprint_at(encoder_dir, 0)
}

fn fingerprint_at(encoder_dir: &Path, depth: usize) -> std::io::Result<String> {
    let mut h = Sha256::new();
    h.update(std::fs::read(encoder_dir.join("config.json"))?);
    let derived = encoder_dir.join(super::derived::DERIVED_FILE);
    if derived.exists() {
        if depth >= super::derived::MAX_DEPTH {
            return Err(std::io::Error::other("derived encoder chain too deep"));
        }
        let base = super::derived::base_dir(encoder_dir)
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .unwrap_or_default();
        h.update(b"derived:");
        h.update(fingerprint_at(&base, depth + 1)?.as_bytes());
    }
    let mut f = std::fs::File::open(encoder_dir.join("model.safetensors"))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(&h.finalize()[..8]))
}

impl EmbeddingCache {
    pub fn open(dir: &Path, encoder_id: &str, salt: String, dim: usize) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(Self::file_name(encoder_id, dim));
        let mut map = HashMap::new();
        read_records(&path, dim, &mut map);
        Ok(Self {
            path,
            dim,
            salt,
            map,
            pending: Vec::new(),
        })
    }

    /// The file a cache folder holds for this encoder and width.
    pub fn file_name(encoder_id: &str, dim: usize) -> String {
        format!("{encoder_id}-{dim}.bin")
    }

    /// Also answers from a read-only file of the same format (e.g. vectors shipped with a
    /// knowledge base); entries already cached win. Returns how many entries it added.
    pub fn add_seed(&mut self, path: &Path) -> usize {
        let before = self.map.len();
        let mut seed = HashMap::new();
        read_records(path, self.dim, &mut seed);
        for (k, v) in seed {
            self.map.entry(k).or_insert(v);
        }
        self.map.len() - before
    }

    pub fn key(&self, text: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.salt.as_bytes());
        h.update([0u8]);
        h.update(text.as_bytes());
        h.finalize().into()
    }

    pub fn get(&self, text: &str) -> Option<&Vec<f32>> {
        self.map.get(&self.key(text))
    }

    pub fn insert(&mut self, text: &str, v: Vec<f32>) {
        debug_assert_eq!(v.len(), self.dim);
        let k = self.key(text);
        self.pending.push((k, v.clone()));
        self.map.insert(k, v);
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        let mut buf = Vec::with_capacity(self.pending.len() * (32 + 4 * self.dim));
        for (k, v) in self.pending.drain(..) {
            buf.extend_from_slice(&k);
            for x in v {
                buf.extend_from_slice(&x.to_le_bytes());
            }
        }
        f.write_all(&buf)
    }
}

/// Appends a file's records to `map`; a torn last record (interrupted run) is ignored.
fn read_records(path: &Path, dim: usize, map: &mut HashMap<[u8; 32], Vec<f32>>) {
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    for chunk in bytes.chunks_exact(32 + 4 * dim) {
        let mut key = [0u8; 32];
        key.copy_from_slice(&chunk[..32]);
        let v = chunk[32..]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        map.insert(key, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_that_differ_only_near_the_end_get_their_own_fingerprint() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = |name: &str, last: u8| {
            let d = tmp.path().join(name);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("config.json"), "{}").unwrap();
            let mut w = vec![0u8; 3 << 20];
            *w.last_mut().unwrap() = last;
            std::fs::write(d.join("model.safetensors"), w).unwrap();
            d
        };
        let (a, b, a2) = (folder("a", 0), folder("b", 1), folder("a2", 0));
        assert_ne!(fingerprint(&a).unwrap(), fingerprint(&b).unwrap());
        assert_eq!(fingerprint(&a).unwrap(), fingerprint(&a2).unwrap());
    }

    #[test]
    fn roundtrips_through_disk() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = EmbeddingCache::open(dir.path(), "enc", "query: |128".into(), 3).unwrap();
        assert!(c.get("hi").is_none());
        c.insert("hi", vec![1.0, 2.0, 3.0]);
        c.flush().unwrap();
        let c2 = EmbeddingCache::open(dir.path(), "enc", "query: |128".into(), 3).unwrap();
        assert_eq!(c2.get("hi").unwrap(), &vec![1.0, 2.0, 3.0]);
        let other_salt =
            EmbeddingCache::open(dir.path(), "enc", "passage: |128".into(), 3).unwrap();
        assert!(other_salt.get("hi").is_none());
    }

    #[test]
    fn seed_file_answers_without_overriding_cached_entries() {
        let (seed_dir, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut s = EmbeddingCache::open(seed_dir.path(), "enc", "p".into(), 2).unwrap();
        s.insert("shipped", vec![1.0, 1.0]);
        s.insert("both", vec![2.0, 2.0]);
        s.flush().unwrap();
        let seed = seed_dir.path().join(EmbeddingCache::file_name("enc", 2));
        let mut c = EmbeddingCache::open(dir.path(), "enc", "p".into(), 2).unwrap();
        c.insert("both", vec![3.0, 3.0]);
        assert_eq!(c.add_seed(&seed), 1);
        assert_eq!(c.get("shipped").unwrap(), &vec![1.0, 1.0]);
        assert_eq!(c.get("both").unwrap(), &vec![3.0, 3.0]);
        // A seed for another salt (prefix, arithmetic) never answers.
        let mut other = EmbeddingCache::open(dir.path(), "enc", "q".into(), 2).unwrap();
        other.add_seed(&seed);
        assert!(other.get("shipped").is_none());
        // A missing seed is not an error.
        assert_eq!(c.add_seed(&dir.path().join("absent.bin")), 0);
    }
}
