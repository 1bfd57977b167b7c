//! The out-of-scope stacker: a class-balanced, L2-regularised logistic regression over a few
//! normalised out-of-scope signals, fitted by Newton's method (a handful of features, so each
//! step solves a tiny linear system exactly; deterministic).

/// Weights (one per feature) and bias of P(out of scope | features). `c` is the inverse
/// regularisation strength (sklearn's `C`); the two classes weigh the same in total.
pub fn fit_logistic(x: &[Vec<f64>], y: &[bool], c: f64) -> Option<(Vec<f64>, f64)> {
    let n = x.len();
    let f = x.first()?.len();
    let pos = y.iter().filter(|&&b| b).count();
    if pos == 0 || pos == n || x.iter().any(|r| r.len() != f) {
        return None;
    }
    // Balanced sample weights: n / (2 · n_class).
    let wp = n as f64 / (2.0 * pos as f64);
    let wn = n as f64 / (2.0 * (n - pos) as f64);
    let m = f + 1; // last coordinate: bias (not penalised)
    let mut beta = vec![0f64; m];
    let lambda = 1.0 / c.max(1e-12);
    for _ in 0..50 {
        let mut grad = vec![0f64; m];
        let mut hess = vec![0f64; m * m];
        for (r, &label) in x.iter().zip(y) {
            let z = r.iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>() + beta[f];
            let p = 1.0 / (1.0 + (-z).exp());
            let (sw, t) = if label { (wp, 1.0) } else { (wn, 0.0) };
            let feat = |i: usize| if i < f { r[i] } else { 1.0 };
            let h = sw * p * (1.0 - p);
            for i in 0..m {
                grad[i] += sw * (p - t) * feat(i);
                for j in 0..=i {
                    hess[i * m + j] += h * feat(i) * feat(j);
                }
            }
        }
        for i in 0..f {
            grad[i] += lambda * beta[i];
            hess[i * m + i] += lambda;
        }
        for i in 0..m {
            for j in 0..i {
                hess[j * m + i] = hess[i * m + j];
            }
            hess[i * m + i] += 1e-9;
        }
        let step = solve(&mut hess, &mut grad, m)?;
        let mut change = 0f64;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b -= s;
            change = change.max(s.abs());
        }
        if change < 1e-10 {
            break;
        }
    }
    Some((beta[..f].to_vec(), beta[f]))
}

/// Solves A·x = b by Gaussian elimination with partial pivoting (A and b are overwritten).
fn solve(a: &mut [f64], b: &mut [f64], m: usize) -> Option<Vec<f64>> {
    for col in 0..m {
        let piv =
            (col..m).max_by(|&i, &j| a[i * m + col].abs().total_cmp(&a[j * m + col].abs()))?;
        if a[piv * m + col].abs() < 1e-300 {
            return None;
        }
        if piv != col {
            for k in 0..m {
                a.swap(piv * m + k, col * m + k);
            }
            b.swap(piv, col);
        }
        for i in col + 1..m {
            let f = a[i * m + col] / a[col * m + col];
            for k in col..m {
                a[i * m + k] -= f * a[col * m + k];
            }
            b[i] -= f * b[col];
        }
    }
    let mut x = vec![0f64; m];
    for i in (0..m).rev() {
        let s: f64 = (i + 1..m).map(|k| a[i * m + k] * x[k]).sum();
        x[i] = (b[i] - s) / a[i * m + i];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_small_system() {
        let mut a = vec![0.0, 2.0, 1.0, 1.0];
        let mut b = vec![4.0, 3.0];
        // y = 2, x + 2 = 3 → x = 1.
        assert_eq!(solve(&mut a, &mut b, 2).unwrap(), vec![1.0, 2.0]);
    }

    #[test]
    fn recovers_the_informative_feature() {
        // Feature 0 separates the classes (with overlap), feature 1 is noise.
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..200 {
            let pos = i % 4 == 0;
            let noise = ((i * 37) % 11) as f64 / 11.0 - 0.5;
            let signal = if pos { 1.0 } else { -1.0 } + 1.5 * (((i * 13) % 7) as f64 / 7.0 - 0.5);
            x.push(vec![signal, noise]);
            y.push(pos);
        }
        let (w, _) = fit_logistic(&x, &y, 1.0).unwrap();
        assert!(w[0] > 1.0, "{w:?}");
        assert!(w[1].abs() < 0.5 * w[0], "{w:?}");
        // Stronger regularisation shrinks the weights.
        let (w2, _) = fit_logistic(&x, &y, 0.01).unwrap();
        assert!(w2[0].abs() < w[0].abs());
        // The optimum: the penalised gradient vanishes.
        let (w, b) = fit_logistic(&x, &y, 1.0).unwrap();
        let n = x.len() as f64;
        let pos = y.iter().filter(|&&v| v).count() as f64;
        let mut g = [w[0], w[1], 0.0];
        for (r, &t) in x.iter().zip(&y) {
            let p = 1.0 / (1.0 + (-(r[0] * w[0] + r[1] * w[1] + b)).exp());
            let sw = if t {
                n / (2.0 * pos)
            } else {
                n / (2.0 * (n - pos))
            };
            let d = sw * (p - if t { 1.0 } else { 0.0 });
            g[0] += d * r[0];
            g[1] += d * r[1];
            g[2] += d;
        }
        assert!(g.iter().all(|v| v.abs() < 1e-6), "{g:?}");
    }

    #[test]
    fn one_class_cannot_be_fitted() {
        assert!(fit_logistic(&[vec![1.0], vec![2.0]], &[true, true], 1.0).is_none());
        assert!(fit_logistic(&[], &[], 1.0).is_none());
    }
}
