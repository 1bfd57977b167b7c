//! Hand-written inline SVG plots for the HTML report (no scripts, no external references):
//! confusion heatmap, reliability diagram, automation-vs-error trade-off, out-of-scope ROC.

use std::fmt::Write as _;

use crate::metrics::tradeoff::OperatingPoint;
use crate::metrics::Bin;

/// Escapes text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const PALETTE: [&str; 4] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

/// Plot area with linear axes; `x`, `y` map data to pixels.
struct Frame {
    w: f64,
    h: f64,
    left: f64,
    top: f64,
    pw: f64,
    ph: f64,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Frame {
    fn new(w: f64, h: f64, x: (f64, f64), y: (f64, f64)) -> Self {
        let (left, top, right, bottom) = (56.0, 28.0, 16.0, 44.0);
        Frame {
            w,
            h,
            left,
            top,
            pw: w - left - right,
            ph: h - top - bottom,
            x0: x.0,
            x1: x.1,
            y0: y.0,
            y1: y.1,
        }
    }
    fn x(&self, v: f64) -> f64 {
        self.left + (v - self.x0) / (self.x1 - self.x0).max(1e-12) * self.pw
    }
    fn y(&self, v: f64) -> f64 {
        self.top + self.ph - (v - self.y0) / (self.y1 - self.y0).max(1e-12) * self.ph
    }
    /// Opening tag, title, axes with 5 ticks each and axis labels.
    fn open(
        &self,
        title: &str,
        xlabel: &str,
        ylabel: &str,
        xfmt: &dyn Fn(f64) -> String,
        yfmt: &dyn Fn(f64) -> String,
    ) -> String {
        let mut s = format!(
            r##"<svg class="plot" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{t}"><title>{t}</title><rect x="0" y="0" width="{w}" height="{h}" fill="#fff"/>"##,
            w = self.w,
            h = self.h,
            t = esc(title)
        );
        let _ = write!(
            s,
            r##"<text x="{}" y="16" font-size="13" font-weight="bold">{}</text><rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#999"/>"##,
            self.left,
            esc(title),
            self.left,
            self.top,
            self.pw,
            self.ph
        );
        for i in 0..=4 {
            let f = i as f64 / 4.0;
            let xv = self.x0 + f * (self.x1 - self.x0);
            let yv = self.y0 + f * (self.y1 - self.y0);
            let (px, py) = (self.x(xv), self.y(yv));
            let _ = write!(
                s,
                r##"<line x1="{px:.1}" y1="{}" x2="{px:.1}" y2="{}" stroke="#eee"/><text x="{px:.1}" y="{}" font-size="10" text-anchor="middle">{}</text><line x1="{}" y1="{py:.1}" x2="{}" y2="{py:.1}" stroke="#eee"/><text x="{}" y="{:.1}" font-size="10" text-anchor="end">{}</text>"##,
                self.top,
                self.top + self.ph,
                self.top + self.ph + 14.0,
                esc(&xfmt(xv)),
                self.left,
                self.left + self.pw,
                self.left - 4.0,
                py + 3.0,
                esc(&yfmt(yv))
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text><text x="14" y="{:.1}" font-size="11" text-anchor="middle" transform="rotate(-90 14 {:.1})">{}</text>"#,
            self.left + self.pw / 2.0,
            self.h - 8.0,
            esc(xlabel),
            self.top + self.ph / 2.0,
            self.top + self.ph / 2.0,
            esc(ylabel)
        );
        s
    }
    fn polyline(&self, pts: &[(f64, f64)], color: &str, dash: bool) -> String {
        let p: Vec<String> = pts
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", self.x(x), self.y(y)))
            .collect();
        format!(
            r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="1.6"{}/>"#,
            p.join(" "),
            if dash {
                r#" stroke-dasharray="4 3""#
            } else {
                ""
            }
        )
    }
}

fn pctf(v: f64) -> String {
    format!("{:.0}%", 100.0 * v)
}

fn pctf1(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

/// Confusion matrix heatmap in the given label order. Cell colour: share of the gold row
/// (diagonal blue, confusions red); every non-empty cell has a tooltip `gold → predicted: n`.
pub fn heatmap(labels: &[String], m: &[Vec<usize>]) -> String {
    let k = labels.len().max(1);
    let cell = (640.0 / k as f64).clamp(3.0, 28.0);
    let show_labels = cell >= 9.0;
    let margin = if show_labels { 150.0 } else { 20.0 };
    let size = margin + cell * k as f64 + 10.0;
    let mut s = format!(
        r##"<svg class="plot" width="{size:.0}" height="{size:.0}" viewBox="0 0 {size:.0} {size:.0}" role="img" aria-label="confusion matrix"><title>Confusion matrix (rows: gold, columns: predicted)</title><rect x="0" y="0" width="{size:.0}" height="{size:.0}" fill="#fff"/><rect x="{margin}" y="{margin}" width="{:.1}" height="{:.1}" fill="#fafafa" stroke="#ccc"/>"##,
        cell * k as f64,
        cell * k as f64
    );
    for (g, row) in m.iter().enumerate() {
        let total: usize = row.iter().sum();
        for (p, &n) in row.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let share = n as f64 / total.max(1) as f64;
            let a = 0.15 + 0.85 * share;
            let color = if g == p { "31,119,180" } else { "214,39,40" };
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{cell:.1}" height="{cell:.1}" fill="rgba({color},{a:.3})"><title>{} → {}: {n} ({:.1}% of gold)</title></rect>"#,
                margin + p as f64 * cell,
                margin + g as f64 * cell,
                esc(&labels[g]),
                esc(&labels[p]),
                100.0 * share
            );
        }
    }
    if show_labels {
        let fs = (cell * 0.8).min(11.0);
        for (i, l) in labels.iter().enumerate() {
            let c = margin + (i as f64 + 0.5) * cell;
            let short: String = l.chars().take(22).collect();
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="{fs:.1}" text-anchor="end">{}</text><text x="{c:.1}" y="{:.1}" font-size="{fs:.1}" text-anchor="start" transform="rotate(-90 {c:.1} {:.1})">{}</text>"#,
                margin - 3.0,
                c + fs / 3.0,
                esc(&short),
                margin - 3.0,
                margin - 3.0,
                esc(&short)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Reliability diagram: accuracy per confidence bin (bars) against the diagonal.
pub fn reliability(bins: &[Bin]) -> String {
    let f = Frame::new(380.0, 360.0, (0.0, 1.0), (0.0, 1.0));
    let mut s = f.open(
        "Reliability (in scope)",
        "confidence",
        "accuracy",
        &|v| format!("{v:.1}"),
        &|v| format!("{v:.1}"),
    );
    s.push_str(&f.polyline(&[(0.0, 0.0), (1.0, 1.0)], "#888", true));
    for b in bins.iter().filter(|b| b.count > 0) {
        let (x0, x1) = (f.x(b.lo), f.x(b.hi));
        let y = f.y(b.accuracy);
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="#1f77b4" fill-opacity="0.6" stroke="#1f77b4"><title>{:.2}–{:.2}: {} messages, confidence {:.3}, accuracy {:.3}</title></rect><circle cx="{:.1}" cy="{:.1}" r="2.5" fill="#d62728"/>"##,
            x0 + 1.0,
            (x1 - x0 - 2.0).max(1.0),
            f.y(0.0) - y,
            b.lo,
            b.hi,
            b.count,
            b.mean_confidence,
            b.accuracy,
            f.x(b.mean_confidence),
            f.y(b.accuracy)
        );
    }
    s.push_str("</svg>");
    s
}

/// Automation (x) against bot error (y) over confidence thresholds, with the target line, the
/// current thresholds' point and the recommended one.
pub fn tradeoff(
    curve: &[OperatingPoint],
    current: &OperatingPoint,
    recommended: Option<&OperatingPoint>,
    target: f64,
) -> String {
    let ymax = curve
        .iter()
        .map(|p| p.error_rate)
        .chain([current.error_rate, target * 2.0])
        .fold(0.0f64, f64::max)
        .max(0.01)
        * 1.05;
    let f = Frame::new(520.0, 360.0, (0.0, 1.0), (0.0, ymax));
    let mut s = f.open(
        "Automation vs bot error",
        "automation (share answered)",
        "bot error (share of answered)",
        &pctf,
        &pctf1,
    );
    let pts: Vec<(f64, f64)> = curve.iter().map(|p| (p.automation, p.error_rate)).collect();
    if !pts.is_empty() {
        s.push_str(&f.polyline(&pts, PALETTE[0], false));
    }
    s.push_str(&f.polyline(&[(0.0, target), (1.0, target)], "#888", true));
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="10" fill="#555">target {}</text>"##,
        f.x(0.01),
        f.y(target) - 3.0,
        pctf1(target)
    );
    let mut mark = |p: &OperatingPoint, name: &str, color: &str, diamond: bool| {
        let (x, y) = (f.x(p.automation), f.y(p.error_rate));
        let shape = if diamond {
            format!(
                r#"<polygon points="{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}" fill="{color}"/>"#,
                y - 6.0,
                x + 6.0,
                y + 6.0,
                x - 6.0
            )
        } else {
            format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="5" fill="{color}"/>"#)
        };
        let _ = write!(
            s,
            r#"<g><title>{name}: confidence ≥ {:.3}, margin ≥ {:.3} → automation {}, bot error {}</title>{shape}<text x="{:.1}" y="{:.1}" font-size="11" fill="{color}">{name}</text></g>"#,
            p.conf_threshold,
            p.margin_threshold,
            pctf1(p.automation),
            pctf1(p.error_rate),
            x + 8.0,
            // Current above, recommended below: they often coincide.
            if diamond { y + 16.0 } else { y - 8.0 }
        );
    };
    mark(current, "current", PALETTE[1], false);
    if let Some(r) = recommended {
        mark(r, "recommended", PALETTE[2], true);
    }
    s.push_str("</svg>");
    s
}

/// ROC curves of the out-of-scope scores, with AUROC in the legend.
/// A named ROC curve: (score name, AUROC, `(fpr, tpr, threshold)` points).
pub type Curve = (String, Option<f64>, Vec<(f64, f64, f64)>);

pub fn roc(curves: &[Curve]) -> String {
    let f = Frame::new(380.0, 360.0, (0.0, 1.0), (0.0, 1.0));
    let mut s = f.open(
        "Out-of-scope ROC",
        "false-positive rate (in scope flagged)",
        "recall (out of scope flagged)",
        &|v| format!("{v:.1}"),
        &|v| format!("{v:.1}"),
    );
    s.push_str(&f.polyline(&[(0.0, 0.0), (1.0, 1.0)], "#bbb", true));
    for (i, (name, auc, pts)) in curves.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let p: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.1)).collect();
        if !p.is_empty() {
            s.push_str(&f.polyline(&p, color, false));
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" fill="{color}">{} AUROC {}</text>"#,
            f.x(0.35),
            f.y(0.05) - 14.0 * i as f64,
            esc(name),
            auc.map(|a| format!("{a:.4}"))
                .unwrap_or_else(|| "n/a".into())
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }

    #[test]
    fn heatmap_draws_only_non_empty_cells_with_tooltips() {
        let labels = vec!["a".to_string(), "b<".to_string()];
        let s = heatmap(&labels, &[vec![3, 1], vec![0, 2]]);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert_eq!(s.matches("<title>").count(), 1 + 3);
        assert!(s.contains("a → b&lt;: 1 (25.0% of gold)"));
    }

    #[test]
    fn frame_maps_the_corners() {
        let f = Frame::new(200.0, 100.0, (0.0, 1.0), (0.0, 2.0));
        assert_eq!(f.x(0.0), f.left);
        assert_eq!(f.x(1.0), f.left + f.pw);
        assert_eq!(f.y(0.0), f.top + f.ph);
        assert_eq!(f.y(2.0), f.top);
    }
}
