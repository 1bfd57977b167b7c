//! A knowledge base's own entry classifier: multinomial logistic regression over the message
//! embedding, one class per entry plus "none of them", trained whenever the index is built.
//!
//! Why: cosine to the nearest example question treats every direction of the embedding alike, so
//! a near miss on the same topic ("my refund still hasn't arrived" against "how long do refunds
//! take") scores as high as a paraphrase. With a dozen example questions per entry, a linear
//! classifier learns which directions tell this knowledge base's entries apart, and the "none"
//! class — messages the model knows are not questions the knowledge base answers (its
//! out-of-scope examples and the intents no entry links to) — pulls the rest down. Measured on
//! the chat tuning sets (2026-12-06, `training-data/chat-dev/chats_tune*.jsonl`, 243 turns with
//! a knowledge-base answer): the right entry ranked first for 197 → 213 of them with the
//! classifier's probability, weighted 0.2, added to the score; see `kb/README.md`.
//!
//! Trained on the query-side embeddings of the example questions (the side messages are
//! encoded on: trained on the document side it separated nothing), full-batch Adam from zero
//! weights, no randomness: the same knowledge base and model give the same head.

use ndarray::{Array1, Array2, Axis};

/// sklearn's `C` (inverse L2 strength per example): weak, the classes are near separable and
/// the weights must grow to use it; 30 ranked best of 30 / 100 / 300 on the tuning chats.
const C: f32 = 30.0;
/// Adam steps and rate: 200 at 0.05 reach what an exact solver reaches (same ranking).
const STEPS: usize = 200;
const RATE: f32 = 0.05;
/// Above this many (examples × classes) the head is not trained (a rebuild would take tens of
/// seconds); the index then ranks by similarity alone. The default knowledge base is ~85k.
pub const MAX_WORK: usize = 2_000_000;

#[derive(Debug, Clone)]
pub struct EntryHead {
    /// (entries + 1) × dim; the last row is "none".
    w: Array2<f32>,
    b: Array1<f32>,
}

/// What to train on: each example question's query-side embedding with its entry, and the
/// messages that belong to no entry.
pub struct Examples<'a> {
    pub questions: Vec<(usize, &'a [f32])>,
    pub negatives: &'a [Vec<f32>],
    pub entries: usize,
    pub dim: usize,
}

impl EntryHead {
    /// None when there is nothing to tell apart (fewer than two classes), a vector has the
    /// wrong width, or the problem is over [`MAX_WORK`].
    pub fn train(ex: &Examples<'_>) -> Option<Self> {
        let k = ex.entries + 1;
        let n = ex.questions.len() + ex.negatives.len();
        let classes_seen = {
            let mut seen = vec![false; k];
            ex.questions.iter().for_each(|(e, _)| seen[*e] = true);
            if !ex.negatives.is_empty() {
                seen[ex.entries] = true;
            }
            seen.iter().filter(|s| **s).count()
        };
        if classes_seen < 2 || n * k > MAX_WORK {
            return None;
        }
        let mut x = Array2::<f32>::zeros((n, ex.dim));
        let mut y = Vec::with_capacity(n);
        let rows = ex
            .questions
            .iter()
            .map(|(e, v)| (*e, *v))
            .chain(ex.negatives.iter().map(|v| (ex.entries, v.as_slice())));
        for (i, (label, v)) in rows.enumerate() {
            if v.len() != ex.dim || label >= k {
                return None;
            }
            let norm = v.iter().map(|a| a * a).sum::<f32>().sqrt().max(1e-12);
            x.row_mut(i)
                .iter_mut()
                .zip(v)
                .for_each(|(o, a)| *o = a / norm);
            y.push(label);
        }
        let lambda = 1.0 / (C * n as f32);
        let mut w = Array2::<f32>::zeros((k, ex.dim));
        let mut b = Array1::<f32>::zeros(k);
        let (mut mw, mut vw) = (w.clone(), w.clone());
        let (mut mb, mut vb) = (b.clone(), b.clone());
        let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
        for t in 1..=STEPS {
            let mut p = x.dot(&w.t()) + &b;
            softmax_rows(&mut p);
            for (i, &label) in y.iter().enumerate() {
                p[[i, label]] -= 1.0;
            }
            p /= n as f32;
            let gw = p.t().dot(&x) + &(&w * lambda);
            let gb = p.sum_axis(Axis(0));
            let (c1, c2) = (1.0 - b1.powi(t as i32), 1.0 - b2.powi(t as i32));
            adam(&mut w, &gw, &mut mw, &mut vw, (b1, b2, eps, c1, c2));
            adam(&mut b, &gb, &mut mb, &mut vb, (b1, b2, eps, c1, c2));
        }
        Some(Self { w, b })
    }

    /// How many entries it tells apart.
    pub fn entries(&self) -> usize {
        self.w.nrows() - 1
    }

    /// The probability of each entry (not "none") for a unit-length message embedding.
    pub fn probabilities(&self, q: &[f32]) -> Vec<f32> {
        let mut z: Vec<f32> = self
            .w
            .as_slice()
            .expect("head weights are built row-major")
            .chunks_exact(self.w.ncols())
            .zip(&self.b)
            .map(|(row, b)| crate::model::fast::math::dot(row, q) + b)
            .collect();
        softmax(&mut z);
        z.pop();
        z
    }
}

fn softmax(z: &mut [f32]) {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut s = 0.0;
    for v in z.iter_mut() {
        *v = (*v - m).exp();
        s += *v;
    }
    for v in z.iter_mut() {
        *v /= s;
    }
}

fn softmax_rows(p: &mut Array2<f32>) {
    for mut row in p.outer_iter_mut() {
        if let Some(r) = row.as_slice_mut() {
            softmax(r);
        }
    }
}

fn adam<D: ndarray::Dimension>(
    p: &mut ndarray::Array<f32, D>,
    g: &ndarray::Array<f32, D>,
    m: &mut ndarray::Array<f32, D>,
    v: &mut ndarray::Array<f32, D>,
    (b1, b2, eps, c1, c2): (f32, f32, f32, f32, f32),
) {
    ndarray::Zip::from(p)
        .and(g)
        .and(m)
        .and(v)
        .for_each(|p, &g, m, v| {
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *p -= RATE * (*m / c1) / ((*v / c2).sqrt() + eps);
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = v.iter().map(|a| a * a).sum::<f32>().sqrt();
        v.iter().map(|a| a / n).collect()
    }

    #[test]
    fn tells_entries_apart_and_leaves_unrelated_messages_to_none() {
        // Two entries on axes 0 and 1, negatives on axis 2, in 4 dimensions.
        let qs: Vec<Vec<f32>> = vec![
            unit(&[1.0, 0.1, 0.0, 0.05]),
            unit(&[0.9, 0.0, 0.1, 0.0]),
            unit(&[0.1, 1.0, 0.0, 0.05]),
            unit(&[0.0, 0.9, 0.1, 0.0]),
        ];
        let negatives = vec![unit(&[0.0, 0.1, 1.0, 0.0]), unit(&[0.1, 0.0, 0.9, 0.1])];
        let head = EntryHead::train(&Examples {
            questions: vec![(0, &qs[0]), (0, &qs[1]), (1, &qs[2]), (1, &qs[3])],
            negatives: &negatives,
            entries: 2,
            dim: 4,
        })
        .expect("trained");
        assert_eq!(head.entries(), 2);
        let p = head.probabilities(&unit(&[1.0, 0.05, 0.0, 0.0]));
        assert!(p[0] > 0.8 && p[1] < 0.1, "{p:?}");
        let p = head.probabilities(&unit(&[0.05, 1.0, 0.0, 0.0]));
        assert!(p[1] > 0.8 && p[0] < 0.1, "{p:?}");
        let p = head.probabilities(&unit(&[0.0, 0.0, 1.0, 0.0]));
        assert!(p[0] + p[1] < 0.2, "{p:?}");
    }

    #[test]
    fn refuses_what_it_cannot_or_should_not_train() {
        let q = unit(&[1.0, 0.0]);
        // One class only.
        assert!(EntryHead::train(&Examples {
            questions: vec![(0, &q)],
            negatives: &[],
            entries: 1,
            dim: 2,
        })
        .is_none());
        // A vector of the wrong width.
        let bad = vec![vec![1.0, 0.0, 0.0]];
        assert!(EntryHead::train(&Examples {
            questions: vec![(0, &q)],
            negatives: &bad,
            entries: 1,
            dim: 2,
        })
        .is_none());
    }
}
