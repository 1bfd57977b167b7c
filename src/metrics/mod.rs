//! Evaluation metrics and calibration for Triage.
//!
//! Self-contained (only `serde` for the result structs); every function is
//! total: empty or degenerate inputs never panic and never produce NaN.
//! The conventions for the degenerate cases are documented on each item and
//! summarised here:
//!
//! * Ratios with a zero denominator are `0.0` (precision of a label never
//!   predicted, recall of a label with no support, accuracy of an empty set,
//!   error rate when nothing is answered, ...). This is scikit-learn's
//!   `zero_division=0` convention.
//! * Quantities that are undefined rather than zero are `Option`s
//!   ([`ranking::auroc`] without both classes, [`tradeoff::recommend`] when
//!   nothing meets the target).
//! * Paired slices of different lengths are truncated to the shorter one
//!   (as `Iterator::zip` does); callers should pass equal lengths.
//!
//! Modules:
//!
//! * [`classification`]: accuracy, per-class / macro / weighted P-R-F1,
//!   confusion matrix and a confusion-clustering label order for heatmaps.
//! * [`ranking`]: AUROC (Mann-Whitney, ties averaged), ROC curve and
//!   recall at a maximum false-positive rate (out-of-scope thresholds).
//! * [`calibration`]: ECE, reliability bins, stable softmax, NLL and
//!   temperature scaling.
//! * [`tradeoff`]: automation-rate vs bot-error-rate operating points for
//!   the "answer or hand over" decision, and the thresholds chosen on them
//!   for a target bot error (training and evaluation alike).

pub mod bound;
pub mod calibration;
pub mod classification;
pub mod ranking;
pub mod tradeoff;

pub use calibration::{ece, fit_temperature, nll, reliability, softmax, Bin};
pub use classification::{
    classification_report, classification_report_from, confusion_order, ClassReport,
    ClassificationReport,
};
pub use ranking::{auroc, recall_at_fpr, roc_curve};
pub use tradeoff::{
    choose_thresholds, choose_thresholds_per_group, curve, recommend, sweep, ChosenThresholds,
    OperatingPoint, Scored,
};

/// `num / den`, or `0.0` when `den == 0` (scikit-learn's `zero_division=0`).
pub(crate) fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}
