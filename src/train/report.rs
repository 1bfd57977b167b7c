//! The validation metrics of the intent side, as stored in the manifest.

#[allow(unused_imports)]
use super::*;

pub(super) fn intent_metrics(
    rows: &[ValRow],
    oos_idx: Option<usize>,
    labels: &[String],
) -> serde_json::Value {
    let mut by_tag: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut ins, mut ins_ok, mut ins_rej, mut oos, mut oos_caught) = (0, 0, 0, 0, 0);
    let mut oos_scores = Vec::new();
    let mut oos_pos = Vec::new();
    for r in rows {
        let is_oos = Some(r.gold) == oos_idx;
        let predicted_ok = if is_oos {
            r.flag
        } else {
            !r.flag && r.top == r.gold
        };
        oos_scores.push(r.knn);
        oos_pos.push(is_oos);
        if is_oos {
            oos += 1;
            oos_caught += r.flag as usize;
        } else {
            ins += 1;
            ins_ok += (r.top == r.gold) as usize;
            ins_rej += r.flag as usize;
            let e = by_lang.entry(r.lang.as_str().to_string()).or_default();
            e.0 += (r.top == r.gold) as usize;
            e.1 += 1;
        }
        let e = by_tag.entry(r.tag.clone()).or_default();
        e.0 += predicted_ok as usize;
        e.1 += 1;
    }
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            serde_json::Value::Null
        } else {
            json!(a as f64 / b as f64)
        }
    };
    json!({
        "labels": labels.len(),
        "validation_messages": rows.len(),
        "in_scope_accuracy": ratio(ins_ok, ins),
        "in_scope_accuracy_by_language": by_lang.iter().map(|(k, (a, b))| (k.clone(), ratio(*a, *b))).collect::<BTreeMap<_, _>>(),
        "in_scope_rejected_as_oos": ratio(ins_rej, ins),
        "oos_recall": ratio(oos_caught, oos),
        "oos_score_auroc": crate::metrics::ranking::auroc(&oos_scores, &oos_pos),
        "accuracy_by_file": by_tag.iter().map(|(k, (a, b))| (k.clone(), ratio(*a, *b))).collect::<BTreeMap<_, _>>(),
        "note": "in_scope_accuracy: top intent right, before the out-of-scope decision; accuracy_by_file counts out-of-scope messages right when flagged and in-scope ones when right and not flagged",
    })
}
