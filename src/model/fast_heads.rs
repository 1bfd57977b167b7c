//! The heads that run after every forward, on the fast CPU path: the intent and sentiment MLPs
//! on packed weights, and the out-of-scope kNN similarities on the encoder's thread team. Through
//! candle these small products cost ~1.7 ms per message (op dispatch, a 9 MB f32 bank read by one
//! thread), more than the whole HTTP round trip is allowed to add; here they take a fraction of
//! that and give the same numbers (a test compares them with the candle heads).

use super::fast::bank::{threshold, Bank};
use super::fast::gemm::{Epilogue, PackedF32};
use super::fast::math;
use super::fast::team::{Pool, Shared};
use super::heads::Head;
use super::maha::MahaScorer;
use super::oos::{all_rows, KnnScorer, Neighbour};
use super::ModelError;
use candle_core::Tensor;

/// `x · Wᵀ + b` for `m` rows of `w.k` values, one thread (heads are small).
fn product(w: &PackedF32, x: &[f32], m: usize) -> Vec<f32> {
    assert_eq!(x.len(), m * w.k, "rows are not {}-d", w.k);
    let mut y = vec![0f32; m * w.n];
    // SAFETY: x holds m rows of w.k values (checked); y is m × w.n, written only here.
    unsafe {
        w.matmul(
            x.as_ptr(),
            m,
            w.k,
            0..w.panels(),
            y.as_mut_ptr(),
            w.n,
            Epilogue::None,
        )
    };
    y
}

/// An MLP head (ReLU between layers) on packed weights.
pub struct Mlp {
    layers: Vec<PackedF32>,
}

impl Mlp {
    pub fn from_head(head: &Head) -> Result<Self, ModelError> {
        let layers = head
            .layers()
            .iter()
            .map(|(w, b)| {
                let (n, k) = w.dims2()?;
                let w: Vec<f32> = w.flatten_all()?.to_vec1()?;
                let b: Vec<f32> = b.to_vec1()?;
                Ok(PackedF32::new(&w, n, k, &b))
            })
            .collect::<Result<_, ModelError>>()?;
        Ok(Self { layers })
    }

    /// Logits `[m][out]` for `m` rows of input.
    pub fn forward(&self, rows: &[Vec<f32>]) -> Vec<Vec<f32>> {
        let m = rows.len();
        let Some(first) = self.layers.first() else {
            return rows.to_vec();
        };
        let mut x: Vec<f32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        let mut width = first.k;
        assert!(
            rows.iter().all(|r| r.len() == width),
            "rows are not {width}-d"
        );
        let last = self.layers.len() - 1;
        for (i, l) in self.layers.iter().enumerate() {
            let mut y = product(l, &x, m);
            if i < last {
                y.iter_mut().for_each(|v| *v = v.max(0.0));
            }
            x = y;
            width = l.n;
        }
        x.chunks(width.max(1)).map(<[f32]>::to_vec).collect()
    }
}

/// The kNN bank, for the neighbours [`KnnScorer::score_of`] and the neighbour vote read.
pub struct Knn {
    bank: Bank,
    /// How many of the nearest rows anything reads (the distance's k, the vote's k).
    keep: usize,
    /// Rows that count for the distance (not of the out-of-scope class), when some do not.
    counted: Option<Vec<bool>>,
}

impl Knn {
    /// `vote_k`: how many neighbours the vote reads, when the model has one.
    pub fn from_scorer(s: &KnnScorer, vote_k: Option<usize>) -> Result<Self, ModelError> {
        let (n, d) = s.bank().dims2()?;
        let data: Vec<f32> = s.bank().flatten_all()?.to_vec1()?;
        let counted = match (s.labels(), s.oos_class()) {
            (Some(l), Some(o)) => Some(l.iter().map(|&y| y != o).collect()),
            _ => None,
        };
        Ok(Self {
            bank: Bank::new(&data, n, d),
            keep: s.k().max(vote_k.unwrap_or(0)),
            counted,
        })
    }

    /// Each row's [`Neighbours`](super::oos::Neighbours) in the bank, the work split across the
    /// team: with the int8 screen, only the rows that can be among the `keep` nearest (exact);
    /// else every row.
    pub fn neighbours(&self, pool: &Pool, rows: &[Vec<f32>]) -> Vec<Vec<Neighbour>> {
        let (n, d) = (self.bank.len(), self.bank.dim());
        assert!(rows.iter().all(|r| r.len() == d), "rows are not {d}-d");
        if self.bank.screens() && self.keep < n {
            return self.screened(pool, rows);
        }
        self.exhaustive(pool, rows)
            .iter()
            .map(|s| all_rows(s))
            .collect()
    }

    /// Every similarity [rows][bank], exact (what [`Self::neighbours`] does without the screen).
    pub fn exhaustive(&self, pool: &Pool, rows: &[Vec<f32>]) -> Vec<Vec<f32>> {
        let (m, n) = (rows.len(), self.bank.len());
        let x: Vec<f32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        let mut sims = vec![0f32; m * n];
        let out = Shared(sims.as_mut_ptr());
        pool.run(|member| {
            let out = &out;
            // SAFETY: each member writes only the bank columns of its own share.
            unsafe { self.bank.similarities(&x, m, member.share(n), out.0) };
        });
        sims.chunks(n.max(1)).map(<[f32]>::to_vec).collect()
    }

    /// Each member screens its share of the bank for every row, offers its best lower bounds,
    /// and after one barrier scores exactly the rows of its share that can reach the threshold.
    fn screened(&self, pool: &Pool, rows: &[Vec<f32>]) -> Vec<Vec<Neighbour>> {
        let (m, n, size) = (rows.len(), self.bank.len(), pool.size());
        let queries: Vec<_> = rows.iter().map(|r| self.bank.quantize_query(r)).collect();
        let mut upper = vec![0f32; m * n];
        // [member][row]
        let mut lower: Vec<Vec<f32>> = vec![Vec::new(); size * m];
        let mut found: Vec<Vec<Neighbour>> = vec![Vec::new(); size * m];
        let (up, lp, fp) = (
            Shared(upper.as_mut_ptr()),
            Shared(lower.as_mut_ptr()),
            Shared(found.as_mut_ptr()),
        );
        pool.run(|member| {
            let (up, lp, fp) = (&up, &lp, &fp);
            assert!(member.size == size && member.id < size, "team size changed");
            let share = member.share(n);
            // SAFETY: each member writes only the bank columns of its own share.
            let best = unsafe {
                self.bank.screen(
                    &queries,
                    share.clone(),
                    self.keep,
                    self.counted.as_deref(),
                    up.0,
                )
            };
            for (i, b) in best.into_iter().enumerate() {
                // SAFETY: slot (member, row) is written by this member only.
                unsafe { *lp.0.add(member.id * m + i) = b };
            }
            member.sync();
            for (i, x) in rows.iter().enumerate() {
                // SAFETY: every member's bounds were written before the barrier; none change.
                let offered = (0..size).flat_map(|o| unsafe { &*lp.0.add(o * m + i) });
                let t = threshold(offered.copied(), self.keep);
                // SAFETY: this member wrote these columns of row i above.
                let mine = unsafe {
                    std::slice::from_raw_parts(up.0.add(i * n + share.start), share.len())
                };
                let near = self.bank.candidates(x, mine, share.clone(), t);
                // SAFETY: slot (member, row) is written by this member only.
                unsafe { *fp.0.add(member.id * m + i) = near };
            }
        });
        // Shares are ascending, so concatenating them keeps bank order.
        (0..m)
            .map(|i| {
                (0..size)
                    .flat_map(|o| std::mem::take(&mut found[o * m + i]))
                    .collect()
            })
            .collect()
    }
}

/// The Mahalanobis scores of [`MahaScorer::scores`] on packed weights. Per message that is two
/// 384 × 384 products; through candle, with its op dispatch and one-thread matmuls, the scores
/// took most of a millisecond, more than every other head together.
pub struct Maha {
    precision: PackedF32,
    /// means · precision [classes, dim]: the cross terms xᵀPμ.
    mp: PackedF32,
    /// μᵀPμ per class.
    mpm: Vec<f32>,
    bg_mean: Vec<f32>,
    bg_precision: PackedF32,
}

impl Maha {
    pub fn from_scorer(m: &MahaScorer) -> Result<Self, ModelError> {
        let (pm, mpm, precision, bg_mean, bg_precision) = m.parts();
        let (d, classes) = pm.dims2()?;
        let square = |t: &Tensor| -> Result<PackedF32, ModelError> {
            let w: Vec<f32> = t.flatten_all()?.to_vec1()?;
            if w.len() != d * d {
                return Err(ModelError::Format(
                    "Mahalanobis precision is not [dim, dim]".into(),
                ));
            }
            Ok(PackedF32::new(&w, d, d, &vec![0.0; d]))
        };
        // The scorer keeps P·μᵀ [dim, classes]; packed as [classes, dim] it is μ·P (P symmetric).
        let mp: Vec<f32> = pm.t()?.flatten_all()?.to_vec1()?;
        Ok(Self {
            precision: square(precision)?,
            mp: PackedF32::new(&mp, classes, d, &vec![0.0; classes]),
            mpm: mpm.to_vec1()?,
            bg_mean: bg_mean.flatten_all()?.to_vec1()?,
            bg_precision: square(bg_precision)?,
        })
    }

    /// (plain, relative) Mahalanobis score per row, as [`MahaScorer::scores`].
    pub fn scores(&self, rows: &[Vec<f32>]) -> (Vec<f32>, Vec<f32>) {
        let (m, d) = (rows.len(), self.precision.k);
        assert!(rows.iter().all(|r| r.len() == d), "rows are not {d}-d");
        let x: Vec<f32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        let c: Vec<f32> = rows
            .iter()
            .flat_map(|r| r.iter().zip(&self.bg_mean).map(|(a, b)| a - b))
            .collect();
        let (xp, cross, cp) = (
            product(&self.precision, &x, m),
            product(&self.mp, &x, m),
            product(&self.bg_precision, &c, m),
        );
        let classes = self.mpm.len();
        (0..m)
            .map(|i| {
                let row = i * d..(i + 1) * d;
                let q = math::dot(&xp[row.clone()], &x[row.clone()]);
                let min = cross[i * classes..(i + 1) * classes]
                    .iter()
                    .zip(&self.mpm)
                    .map(|(cr, mpm)| q - 2.0 * cr + mpm)
                    .fold(f32::INFINITY, f32::min);
                (min, min - math::dot(&cp[row.clone()], &c[row]))
            })
            .unzip()
    }
}

pub struct FastHeads {
    pub intent: Mlp,
    pub sentiment: Option<Mlp>,
    pub knn: Option<Knn>,
    pub maha: Option<Maha>,
}

impl FastHeads {
    pub fn new(
        intent: &Head,
        sentiment: Option<&Head>,
        knn: Option<&KnnScorer>,
        vote_k: Option<usize>,
        maha: Option<&MahaScorer>,
    ) -> Result<Self, ModelError> {
        Ok(Self {
            intent: Mlp::from_head(intent)?,
            sentiment: sentiment.map(Mlp::from_head).transpose()?,
            knn: knn.map(|k| Knn::from_scorer(k, vote_k)).transpose()?,
            maha: maha.map(Maha::from_scorer).transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::maha::MahaFit;
    use candle_core::Device;

    #[test]
    fn packed_mahalanobis_matches_the_candle_scores() {
        // 3 classes of 20 points in 64-d, deterministic pseudo-random.
        let (d, per) = (64, 20);
        let mut state = 17u64;
        let mut next = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            ((state >> 33) as f32 / (1u64 << 31) as f32) - 0.5
        };
        let mut x = Vec::new();
        let mut y = Vec::new();
        for c in 0..3 {
            for _ in 0..per {
                x.push((0..d).map(|k| next() + (k % 3 == c) as u8 as f32).collect());
                y.push(Some(c));
            }
        }
        let scorer = MahaFit::fit(&x, &y, 3, 0.1)
            .unwrap()
            .scorer(&Device::Cpu)
            .unwrap();
        let fast = Maha::from_scorer(&scorer).unwrap();
        let queries: Vec<Vec<f32>> = (0..5).map(|_| (0..d).map(|_| next()).collect()).collect();
        let flat: Vec<f32> = queries.iter().flatten().copied().collect();
        let emb = Tensor::from_vec(flat, (5, d), &Device::Cpu).unwrap();
        let (want_plain, want_rel) = scorer.scores(&emb).unwrap();
        let (plain, rel) = fast.scores(&queries);
        for i in 0..5 {
            let tol = 1e-4 * want_plain[i].abs().max(1.0);
            assert!(
                (plain[i] - want_plain[i]).abs() < tol,
                "{plain:?} vs {want_plain:?}"
            );
            assert!(
                (rel[i] - want_rel[i]).abs() < tol,
                "{rel:?} vs {want_rel:?}"
            );
        }
        // Not a vacuous comparison: the rows' scores differ.
        assert!(want_plain.iter().any(|&v| (v - want_plain[0]).abs() > 1.0));
    }
}
