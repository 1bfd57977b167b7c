//! Derived encoder folders: a base encoder with some tensors replaced, e.g. the top layers that
//! `triage train --finetune` tuned. The folder holds `config.json`, `derived.json` (the base
//! folder, relative to this one) and a `model.safetensors` with only the replaced tensors, so a
//! tuned model ships a few megabytes next to the base instead of a second 67 MB copy of it.
//! Every loader reads encoder folders through here, so a derived folder works wherever a plain
//! one does (serve, train, eval, both forwards, the embedding cache).

use std::path::{Path, PathBuf};

use candle_core::Device;
use serde::{Deserialize, Serialize};

use super::weights::{write_safetensors, Entry, WeightStore};
use super::ModelError;

pub const DERIVED_FILE: &str = "derived.json";
const WEIGHTS_FILE: &str = "model.safetensors";
/// A derived folder may sit on another derived folder; deeper chains are a mistake (or a loop).
pub const MAX_DEPTH: usize = 4;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Derivation {
    /// The base encoder folder, relative to the derived folder (or absolute).
    pub base: String,
    /// How the replaced tensors were made, for people reading the folder.
    #[serde(default)]
    pub method: String,
    /// The encoder layers whose tensors are replaced.
    #[serde(default)]
    pub layers: Vec<usize>,
}

/// The derivation of an encoder folder, `None` for a plain (self-contained) folder.
pub fn derivation(dir: &Path) -> Result<Option<Derivation>, ModelError> {
    let path = dir.join(DERIVED_FILE);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| ModelError::io(&path, e))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| ModelError::Format(format!("{}: {e}", path.display())))
}

/// The base folder a derived folder names, resolved against the derived folder.
pub fn base_dir(dir: &Path) -> Result<Option<PathBuf>, ModelError> {
    Ok(derivation(dir)?.map(|d| dir.join(d.base)))
}

/// The folder whose tokenizer an encoder folder uses: its own, else its base's.
pub fn tokenizer_dir(dir: &Path) -> Result<PathBuf, ModelError> {
    let mut d = dir.to_path_buf();
    for _ in 0..MAX_DEPTH {
        if super::tokenizer::tokenizer_path(&d).is_some() {
            return Ok(d);
        }
        match base_dir(&d)? {
            Some(b) => d = b,
            None => return Ok(d),
        }
    }
    Err(chain_too_deep(dir))
}

fn chain_too_deep(dir: &Path) -> ModelError {
    ModelError::Format(format!(
        "{}: derived encoder chain deeper than {MAX_DEPTH} (a loop?)",
        dir.display()
    ))
}

/// All weights of an encoder folder: the base's, with a derived folder's tensors in place of
/// the base's. A replaced tensor the base does not have is an error (a misnamed tensor would
/// otherwise be ignored silently).
pub fn load_weights(dir: &Path, device: &Device) -> Result<WeightStore, ModelError> {
    load_at_depth(dir, device, 0)
}

fn load_at_depth(dir: &Path, device: &Device, depth: usize) -> Result<WeightStore, ModelError> {
    if depth >= MAX_DEPTH {
        return Err(chain_too_deep(dir));
    }
    let own = WeightStore::load(&dir.join(WEIGHTS_FILE), device)?;
    let Some(base) = base_dir(dir)? else {
        return Ok(own);
    };
    let mut weights = load_at_depth(&base, device, depth + 1)?;
    weights.replace_from(own)?;
    Ok(weights)
}

/// Writes a derived folder: `config.json` copied from the base, `derived.json`, and the
/// replaced tensors.
pub fn write(
    dir: &Path,
    base: &Path,
    derivation: &Derivation,
    tensors: Vec<Entry>,
) -> Result<(), ModelError> {
    std::fs::create_dir_all(dir).map_err(|e| ModelError::io(dir, e))?;
    let config = base.join("config.json");
    std::fs::copy(&config, dir.join("config.json")).map_err(|e| ModelError::io(&config, e))?;
    let text =
        serde_json::to_string_pretty(derivation).map_err(|e| ModelError::Format(e.to_string()))?;
    let path = dir.join(DERIVED_FILE);
    std::fs::write(&path, text).map_err(|e| ModelError::io(&path, e))?;
    write_safetensors(&dir.join(WEIGHTS_FILE), tensors, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::weights::f32_bytes;

    fn write_plain(dir: &Path, tensors: &[(&str, Vec<f32>)]) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("config.json"), "{}").unwrap();
        std::fs::write(dir.join("tokenizer.json"), "{}").unwrap();
        let entries = tensors
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    safetensors::Dtype::F32,
                    vec![v.len()],
                    f32_bytes(v),
                )
            })
            .collect();
        write_safetensors(&dir.join(WEIGHTS_FILE), entries, None).unwrap();
    }

    fn values(w: &mut WeightStore, name: &str) -> Vec<f32> {
        w.take_dense(name, &Device::Cpu).unwrap().to_vec1().unwrap()
    }

    #[test]
    fn derived_folder_replaces_only_its_tensors_and_borrows_the_tokenizer() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("base");
        write_plain(&base, &[("a", vec![1.0, 2.0]), ("b", vec![3.0])]);
        let tuned = tmp.path().join("model/encoder");
        let d = Derivation {
            base: "../../base".into(),
            method: "test".into(),
            layers: vec![11],
        };
        let entry = (
            "b".to_string(),
            safetensors::Dtype::F32,
            vec![1],
            f32_bytes(&[9.0]),
        );
        write(&tuned, &base, &d, vec![entry]).unwrap();

        let mut w = load_weights(&tuned, &Device::Cpu).unwrap();
        assert_eq!(values(&mut w, "a"), vec![1.0, 2.0]);
        assert_eq!(values(&mut w, "b"), vec![9.0]);
        assert_eq!(tokenizer_dir(&tuned).unwrap(), tuned.join("../../base"));
        assert_eq!(tokenizer_dir(&base).unwrap(), base);
        // The base itself is untouched.
        let mut b = load_weights(&base, &Device::Cpu).unwrap();
        assert_eq!(values(&mut b, "b"), vec![3.0]);
    }

    #[test]
    fn a_tensor_the_base_lacks_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().join("base");
        write_plain(&base, &[("a", vec![1.0])]);
        let tuned = tmp.path().join("tuned");
        let d = Derivation {
            base: "../base".into(),
            method: String::new(),
            layers: vec![],
        };
        let entry = (
            "typo".to_string(),
            safetensors::Dtype::F32,
            vec![1],
            f32_bytes(&[0.0]),
        );
        write(&tuned, &base, &d, vec![entry]).unwrap();
        let err = load_weights(&tuned, &Device::Cpu)
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("typo"), "{err}");
    }

    #[test]
    fn a_loop_of_derived_folders_is_an_error_not_a_hang() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a");
        write_plain(&a, &[("x", vec![1.0])]);
        let d = Derivation {
            base: ".".into(),
            method: String::new(),
            layers: vec![],
        };
        std::fs::write(a.join(DERIVED_FILE), serde_json::to_string(&d).unwrap()).unwrap();
        assert!(load_weights(&a, &Device::Cpu).is_err());
    }
}
