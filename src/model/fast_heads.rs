//! The heads that run after every forward, on the fast CPU path: the intent and sentiment MLPs
//! on packed weights, and the out-of-scope kNN similarities on the encoder's thread team. Through
//! candle these small products cost ~1.7 ms per message (op dispatch, a 9 MB f32 bank read by one
//! thread), more than the whole HTTP round trip is allowed to add; here they take a fraction of
//! that and give the same numbers (a test compares them with the candle heads).

use super::fast::bank::Bank;
use super::fast::gemm::{Epilogue, PackedF32};
use super::fast::team::{Pool, Shared};
use super::heads::Head;
use super::oos::KnnScorer;
use super::ModelError;

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
            let mut y = vec![0f32; m * l.n];
            // SAFETY: x holds m rows of `width` = l.k values; y is m × l.n, written only here.
            unsafe {
                l.matmul(
                    x.as_ptr(),
                    m,
                    width,
                    0..l.panels(),
                    y.as_mut_ptr(),
                    l.n,
                    Epilogue::None,
                )
            };
            if i < last {
                y.iter_mut().for_each(|v| *v = v.max(0.0));
            }
            x = y;
            width = l.n;
        }
        x.chunks(width.max(1)).map(<[f32]>::to_vec).collect()
    }
}

/// The kNN bank, for the similarities [`KnnScorer::score_of`] and the neighbour vote read.
pub struct Knn {
    bank: Bank,
}

impl Knn {
    pub fn from_scorer(s: &KnnScorer) -> Result<Self, ModelError> {
        let (n, d) = s.bank().dims2()?;
        let data: Vec<f32> = s.bank().flatten_all()?.to_vec1()?;
        Ok(Self {
            bank: Bank::new(&data, n, d),
        })
    }

    /// Similarities [rows][bank], the bank split across the team.
    pub fn similarities(&self, pool: &Pool, rows: &[Vec<f32>]) -> Vec<Vec<f32>> {
        let (m, n, d) = (rows.len(), self.bank.len(), self.bank.dim());
        assert!(rows.iter().all(|r| r.len() == d), "rows are not {d}-d");
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
}

pub struct FastHeads {
    pub intent: Mlp,
    pub sentiment: Option<Mlp>,
    pub knn: Option<Knn>,
}

impl FastHeads {
    pub fn new(
        intent: &Head,
        sentiment: Option<&Head>,
        knn: Option<&KnnScorer>,
    ) -> Result<Self, ModelError> {
        Ok(Self {
            intent: Mlp::from_head(intent)?,
            sentiment: sentiment.map(Mlp::from_head).transpose()?,
            knn: knn.map(Knn::from_scorer).transpose()?,
        })
    }
}
