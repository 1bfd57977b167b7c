//! Hidden states entering the first tuned layer, computed once with the frozen lower layers and
//! kept unpadded in memory: every training step then runs only the tuned layers.

use candle_core::{Device, Tensor};

use super::layers::{self, LayerParams, Shape};
use crate::model::tokenizer::pad_batch;
use crate::model::weights::WeightStore;
use crate::model::{Encoder, EncoderConfig, EncoderInput, ModelError, TextTokenizer};

pub struct States {
    /// The layer these states enter.
    pub start: usize,
    pub hidden: usize,
    pub lens: Vec<usize>,
    offsets: Vec<usize>,
    data: Vec<f32>,
}

impl States {
    fn row(&self, i: usize) -> &[f32] {
        let o = self.offsets[i] * self.hidden;
        &self.data[o..o + self.lens[i] * self.hidden]
    }

    pub fn len(&self) -> usize {
        self.lens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lens.is_empty()
    }

    /// Encodes `texts` (prefix already applied) through layers `0..start` of an encoder with
    /// `config` and `weights` (the layers from `start` on may already be taken out), in
    /// shortest-first batches of 64.
    pub fn compute(
        weights: WeightStore,
        config: &EncoderConfig,
        tokenizer: &TextTokenizer,
        texts: &[String],
        start: usize,
        dev: &Device,
    ) -> Result<Self, ModelError> {
        let ids: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| tokenizer.encode(t).map(|t| t.ids))
            .collect::<Result<_, _>>()?;
        Self::compute_ids(weights, config, &ids, start, dev)
    }

    /// As [`Self::compute`], for sequences already tokenised (a study's text pairs).
    pub fn compute_ids(
        weights: WeightStore,
        config: &EncoderConfig,
        ids: &[Vec<u32>],
        start: usize,
        dev: &Device,
    ) -> Result<Self, ModelError> {
        // Encoder::new builds only the first num_hidden_layers layers.
        let mut low = config.clone();
        low.num_hidden_layers = start;
        let enc = Encoder::new(low, weights, dev)?;
        let lens: Vec<usize> = ids.iter().map(Vec::len).collect();
        let offsets = offsets_of(&lens);
        let hidden = config.hidden_size;
        let mut data = vec![0f32; lens.iter().sum::<usize>() * hidden];
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| lens[i]);
        for chunk in order.chunks(64) {
            let items: Vec<&[u32]> = chunk.iter().map(|&i| ids[i].as_slice()).collect();
            let (pid, mask, len) = pad_batch(&items, config.pad_token_id);
            let hs: Vec<f32> = enc
                .hidden_states(&EncoderInput {
                    ids: pid,
                    mask,
                    batch: chunk.len(),
                    len,
                })?
                .flatten_all()?
                .to_vec1()?;
            for (j, &i) in chunk.iter().enumerate() {
                let src = &hs[j * len * hidden..(j * len + lens[i]) * hidden];
                data[offsets[i] * hidden..(offsets[i] + lens[i]) * hidden].copy_from_slice(src);
            }
        }
        Ok(Self {
            start,
            hidden,
            lens,
            offsets,
            data,
        })
    }

    /// States read back from [`States::data`] and friends (e.g. a study's on-disk copy).
    pub fn from_parts(
        start: usize,
        hidden: usize,
        lens: Vec<usize>,
        data: Vec<f32>,
    ) -> Result<Self, ModelError> {
        if data.len() != lens.iter().sum::<usize>() * hidden {
            return Err(ModelError::Format(format!(
                "{} values for {} tokens of width {hidden}",
                data.len(),
                lens.iter().sum::<usize>()
            )));
        }
        Ok(Self {
            start,
            hidden,
            offsets: offsets_of(&lens),
            lens,
            data,
        })
    }

    /// Every row's states, one after the other, unpadded.
    pub fn data(&self) -> &[f32] {
        &self.data
    }

    /// The states entering the layer after `layers` (frozen, evaluation mode).
    pub fn advance(
        &self,
        layers: &[LayerParams],
        s: &Shape,
        dev: &Device,
    ) -> candle_core::Result<Self> {
        let h = self.hidden;
        let mut data = vec![0f32; self.data.len()];
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by_key(|&i| self.lens[i]);
        for chunk in order.chunks(128) {
            let (x, _, bias) = self.batch(chunk, dev)?;
            let len = x.dim(1)?;
            let y: Vec<f32> = layers::forward(layers, x, &bias, s, None)?
                .flatten_all()?
                .to_vec1()?;
            for (j, &i) in chunk.iter().enumerate() {
                let (o, n) = (self.offsets[i] * h, self.lens[i] * h);
                data[o..o + n].copy_from_slice(&y[j * len * h..j * len * h + n]);
            }
        }
        Ok(Self {
            start: self.start + layers.len(),
            hidden: h,
            lens: self.lens.clone(),
            offsets: self.offsets.clone(),
            data,
        })
    }

    /// A padded batch of rows: x [b, len, h], mask [b, len] (f32), additive attention bias.
    pub fn batch(
        &self,
        idx: &[usize],
        dev: &Device,
    ) -> candle_core::Result<(Tensor, Tensor, Tensor)> {
        let h = self.hidden;
        let len = idx.iter().map(|&i| self.lens[i]).max().unwrap_or(1);
        let mut x = vec![0f32; idx.len() * len * h];
        let mut m = vec![0f32; idx.len() * len];
        for (j, &i) in idx.iter().enumerate() {
            let r = self.row(i);
            x[j * len * h..j * len * h + r.len()].copy_from_slice(r);
            m[j * len..j * len + self.lens[i]].fill(1.0);
        }
        let x = Tensor::from_vec(x, (idx.len(), len, h), dev)?;
        let mask = Tensor::from_vec(m, (idx.len(), len), dev)?;
        let bias = ((mask.ones_like()? - &mask)? * -1e9)?
            .unsqueeze(1)?
            .unsqueeze(1)?;
        Ok((x, mask, bias))
    }

    /// Pooled embeddings of rows `idx` through `layers` (evaluation mode), row-major [n, h].
    pub fn embed(
        &self,
        layers: &[LayerParams],
        idx: &[usize],
        s: &Shape,
        dev: &Device,
    ) -> candle_core::Result<Vec<f32>> {
        let h = self.hidden;
        let mut out = vec![0f32; idx.len() * h];
        let mut order: Vec<usize> = (0..idx.len()).collect();
        order.sort_by_key(|&j| self.lens[idx[j]]);
        for chunk in order.chunks(128) {
            let rows: Vec<usize> = chunk.iter().map(|&j| idx[j]).collect();
            let (x, mask, bias) = self.batch(&rows, dev)?;
            let e: Vec<f32> = layers::pool(&layers::forward(layers, x, &bias, s, None)?, &mask)?
                .flatten_all()?
                .to_vec1()?;
            for (k, &j) in chunk.iter().enumerate() {
                out[j * h..(j + 1) * h].copy_from_slice(&e[k * h..(k + 1) * h]);
            }
        }
        Ok(out)
    }
}

fn offsets_of(lens: &[usize]) -> Vec<usize> {
    let mut acc = 0;
    lens.iter()
        .map(|l| {
            let o = acc;
            acc += l;
            o
        })
        .collect()
}
