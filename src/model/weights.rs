//! Weight storage: dense tensors (F32/F16/BF16) and 4-bit Q4_0 blocks, both in one safetensors
//! file. Q4_0 matrices are stored as raw blocks in a U8 tensor named `<name>.q4_0` so that the
//! shipped multilingual encoder keeps its 4-bit source precision at a third of f16's size.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use half::f16;

use super::ModelError;

/// Elements per Q4_0 block and bytes per block (f16 scale + 16 bytes of nibbles).
pub const Q4_BLOCK: usize = 32;
pub const Q4_BLOCK_BYTES: usize = 18;
/// Suffix marking a tensor stored as Q4_0 blocks.
pub const Q4_SUFFIX: &str = ".q4_0";

/// A row-major [rows, cols] matrix in Q4_0 blocks.
#[derive(Clone)]
pub struct Q4Matrix {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<u8>,
}

impl Q4Matrix {
    pub fn new(rows: usize, cols: usize, data: Vec<u8>) -> Result<Self, ModelError> {
        if !cols.is_multiple_of(Q4_BLOCK) || data.len() != rows * cols / Q4_BLOCK * Q4_BLOCK_BYTES {
            return Err(ModelError::Format(format!(
                "Q4_0 matrix [{rows}, {cols}] needs {} bytes, got {}",
                rows * cols / Q4_BLOCK * Q4_BLOCK_BYTES,
                data.len()
            )));
        }
        Ok(Self { rows, cols, data })
    }

    fn row_bytes(&self) -> usize {
        self.cols / Q4_BLOCK * Q4_BLOCK_BYTES
    }

    /// Dequantizes one row into `out` (len == cols).
    pub fn dequantize_row(&self, row: usize, out: &mut [f32]) {
        let rb = self.row_bytes();
        let bytes = &self.data[row * rb..(row + 1) * rb];
        for (block, dst) in bytes
            .chunks_exact(Q4_BLOCK_BYTES)
            .zip(out.chunks_exact_mut(Q4_BLOCK))
        {
            dequantize_block(block, dst);
        }
    }

    pub fn to_f32(&self) -> Vec<f32> {
        let mut out = vec![0f32; self.rows * self.cols];
        for (r, dst) in out.chunks_exact_mut(self.cols).enumerate() {
            self.dequantize_row(r, dst);
        }
        out
    }
}

/// One Q4_0 block: element j (0..15) = (lo nibble − 8)·d, element j+16 = (hi nibble − 8)·d.
pub fn dequantize_block(block: &[u8], out: &mut [f32]) {
    let d = f16::from_le_bytes([block[0], block[1]]).to_f32();
    let qs = &block[2..Q4_BLOCK_BYTES];
    for j in 0..16 {
        out[j] = ((qs[j] & 0x0F) as i32 - 8) as f32 * d;
        out[j + 16] = ((qs[j] >> 4) as i32 - 8) as f32 * d;
    }
}

/// Quantizes a row-major matrix to Q4_0 (round to nearest, scale = max|x| / -8 as in ggml).
pub fn quantize_q4_0(values: &[f32], cols: usize) -> Vec<u8> {
    assert!(cols.is_multiple_of(Q4_BLOCK));
    let mut out = Vec::with_capacity(values.len() / Q4_BLOCK * Q4_BLOCK_BYTES);
    for block in values.chunks_exact(Q4_BLOCK) {
        let (mut amax, mut max) = (0f32, 0f32);
        for &v in block {
            if v.abs() > amax {
                amax = v.abs();
                max = v;
            }
        }
        let d = max / -8.0;
        let id = if d != 0.0 { 1.0 / d } else { 0.0 };
        out.extend_from_slice(&f16::from_f32(d).to_le_bytes());
        for j in 0..16 {
            let q0 = ((block[j] * id + 8.5) as i32).clamp(0, 15) as u8;
            let q1 = ((block[j + 16] * id + 8.5) as i32).clamp(0, 15) as u8;
            out.push(q0 | (q1 << 4));
        }
    }
    out
}

pub enum Stored {
    Dense(Tensor),
    Q4(Q4Matrix),
}

/// All tensors of a weights file, names normalised to the bare Hugging Face names
/// (`embeddings.…`, `encoder.layer.N.…`) whatever prefix the exporter used.
pub struct WeightStore {
    tensors: HashMap<String, Stored>,
}

fn strip_prefix(name: &str) -> &str {
    for p in ["bert.", "roberta.", "model.", "encoder_model."] {
        if let Some(rest) = name.strip_prefix(p) {
            return rest;
        }
    }
    name
}

impl WeightStore {
    pub fn load(path: &Path, device: &Device) -> Result<Self, ModelError> {
        let bytes = std::fs::read(path).map_err(|e| ModelError::io(path, e))?;
        let st = safetensors::SafeTensors::deserialize(&bytes)
            .map_err(|e| ModelError::Format(format!("{}: {e}", path.display())))?;
        let mut tensors = HashMap::new();
        for (name, view) in st.tensors() {
            let name = strip_prefix(&name).to_string();
            let shape = view.shape().to_vec();
            if let Some(base) = name.strip_suffix(Q4_SUFFIX) {
                if shape.len() != 2 || view.dtype() != safetensors::Dtype::U8 {
                    return Err(ModelError::Format(format!(
                        "{name}: Q4_0 tensors must be 2-D U8"
                    )));
                }
                let cols = shape[1] / Q4_BLOCK_BYTES * Q4_BLOCK;
                let m = Q4Matrix::new(shape[0], cols, view.data().to_vec())?;
                tensors.insert(base.to_string(), Stored::Q4(m));
                continue;
            }
            let t = match view.dtype() {
                safetensors::Dtype::F32 => {
                    let v: Vec<f32> = view
                        .data()
                        .chunks_exact(4)
                        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        .collect();
                    Tensor::from_vec(v, shape, device)?
                }
                safetensors::Dtype::F16 => {
                    let v: Vec<f32> = view
                        .data()
                        .chunks_exact(2)
                        .map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32())
                        .collect();
                    Tensor::from_vec(v, shape, device)?
                }
                safetensors::Dtype::BF16 => {
                    let v: Vec<f32> = view
                        .data()
                        .chunks_exact(2)
                        .map(|c| half::bf16::from_le_bytes([c[0], c[1]]).to_f32())
                        .collect();
                    Tensor::from_vec(v, shape, device)?
                }
                // Integer tensors (e.g. position_ids buffers) are not weights.
                _ => continue,
            };
            tensors.insert(name, Stored::Dense(t));
        }
        Ok(Self { tensors })
    }

    pub fn from_map(tensors: HashMap<String, Stored>) -> Self {
        Self { tensors }
    }

    /// Puts every tensor of `other` in place of the same-named one here (Q4_0 or dense alike).
    pub fn replace_from(&mut self, other: WeightStore) -> Result<(), ModelError> {
        for (name, t) in other.tensors {
            if !self.tensors.contains_key(&name) {
                return Err(ModelError::Format(format!(
                    "replacement tensor {name} is not in the base encoder"
                )));
            }
            self.tensors.insert(name, t);
        }
        Ok(())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.tensors.contains_key(name)
    }

    /// Takes a tensor out as dense F32 (dequantizing Q4_0).
    pub fn take_dense(&mut self, name: &str, device: &Device) -> Result<Tensor, ModelError> {
        match self.tensors.remove(name) {
            Some(Stored::Dense(t)) => Ok(t.to_dtype(DType::F32)?),
            Some(Stored::Q4(m)) => Ok(Tensor::from_vec(m.to_f32(), (m.rows, m.cols), device)?),
            None => Err(ModelError::MissingTensor(name.to_string())),
        }
    }

    /// Takes a tensor keeping its storage (used for the large word-embedding table).
    pub fn take(&mut self, name: &str) -> Result<Stored, ModelError> {
        self.tensors
            .remove(name)
            .ok_or_else(|| ModelError::MissingTensor(name.to_string()))
    }

    /// Takes the first of several alternative names (`LayerNorm.weight` vs older `LayerNorm.gamma`).
    pub fn take_dense_any(
        &mut self,
        names: &[String],
        device: &Device,
    ) -> Result<Tensor, ModelError> {
        for n in names {
            if self.contains(n) {
                return self.take_dense(n, device);
            }
        }
        Err(ModelError::MissingTensor(names.join(" | ")))
    }
}

/// A tensor to write: (name, dtype, shape, raw little-endian bytes).
pub type Entry = (String, safetensors::Dtype, Vec<usize>, Vec<u8>);

/// Serialises named tensors to a safetensors file.
pub fn write_safetensors(
    path: &Path,
    entries: Vec<Entry>,
    metadata: Option<HashMap<String, String>>,
) -> Result<(), ModelError> {
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = entries
        .iter()
        .map(|(n, dt, shape, data)| {
            safetensors::tensor::TensorView::new(*dt, shape.clone(), data)
                .map(|v| (n.clone(), v))
                .map_err(|e| ModelError::Format(format!("{n}: {e}")))
        })
        .collect::<Result<_, _>>()?;
    safetensors::serialize_to_file(views, &metadata, path)
        .map_err(|e| ModelError::Format(format!("{}: {e}", path.display())))
}

pub fn f32_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub fn f16_bytes(v: &[f32]) -> Vec<u8> {
    v.iter()
        .flat_map(|x| f16::from_f32(*x).to_le_bytes())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q4_roundtrip_is_close() {
        let vals: Vec<f32> = (0..64)
            .map(|i| ((i * 37 % 17) as f32 - 8.0) / 10.0)
            .collect();
        let q = quantize_q4_0(&vals, 64);
        let m = Q4Matrix::new(1, 64, q).unwrap();
        let back = m.to_f32();
        let max_err = vals
            .iter()
            .zip(&back)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        // Step is max|x|/8 = 0.1. Q4_0 maps the signed extreme exactly and clips the opposite
        // extreme by up to one step (nibble 16 → 15), as ggml does; elsewhere half a step.
        assert!(max_err <= 0.1005, "max error {max_err}"); // + f16 rounding of the scale
        let inner = vals
            .iter()
            .zip(&back)
            .filter(|(a, _)| a.abs() < 0.75)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(inner <= 0.0501, "inner error {inner}");
    }

    #[test]
    fn dequantize_block_follows_layout() {
        let mut block = vec![0u8; 18];
        block[..2].copy_from_slice(&f16::from_f32(0.5).to_le_bytes());
        block[2] = 0x9F; // lo = 15 → (15-8)*0.5 = 3.5 ; hi = 9 → 0.5
        let mut out = [0f32; 32];
        dequantize_block(&block, &mut out);
        assert_eq!(out[0], 3.5);
        assert_eq!(out[16], 0.5);
        assert_eq!(out[1], -4.0); // nibble 0 → -8 * 0.5
    }

    #[test]
    fn bad_q4_size_is_an_error() {
        assert!(Q4Matrix::new(2, 32, vec![0; 10]).is_err());
        assert!(Q4Matrix::new(1, 33, vec![0; 18]).is_err());
    }
}
