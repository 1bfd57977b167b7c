"""Scores the cross-encoder against the shipped matcher on the faq-dev sets.

python3 analyse.py RUN_DIR   (RUN_DIR holds scores_eval_{tune,dev}.jsonl, scores_atec_val.jsonl)
Thresholds are chosen on tune and applied unchanged to dev.
"""
import json, sys, collections

RUN = sys.argv[1]


def auroc(pos, neg):
    if not pos or not neg:
        return float("nan")
    s = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum, i = 0.0, 0
    while i < len(s):
        j = i
        while j < len(s) and s[j][0] == s[i][0]:
            j += 1
        r = (i + j + 1) / 2
        rank_sum += r * sum(1 for k in range(i, j) if s[k][1])
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def load(s):
    queries = [json.loads(l) for l in open(f"training-data/faq-dev/{s}/queries.jsonl")]
    per = collections.defaultdict(dict)
    for l in open(f"{RUN}/scores_eval_{s}.jsonl"):
        r = json.loads(l)
        e = per[r["qid"]].setdefault(r["entry"], {"rank": r["rank"], "score": r["score"], "ce": 0.0})
        e["ce"] = max(e["ce"], r["ce"])
    out = []
    for qi, q in enumerate(queries):
        ents = per[qi]
        top = min(ents, key=lambda k: ents[k]["rank"])
        best_ce = max(ents, key=lambda k: ents[k]["ce"])
        ces = sorted((v["ce"] for v in ents.values()), reverse=True)
        out.append({
            "faq": q["faq"], "kind": q["kind"],
            "matcher": (top, ents[top]["score"]),
            "ce_top1": (top, ents[top]["ce"]),
            "ce_rerank": (best_ce, ents[best_ce]["ce"]),
            "ce_margin": (best_ce, ces[0] - (ces[1] if len(ces) > 1 else 0.0)),
        })
    return out


def at(rows, key, t):
    ans = [r for r in rows if r[key][1] >= t]
    right = sum(1 for r in ans if r[key][0] == r["faq"])
    pos = sum(1 for r in rows if r["faq"])
    return right / pos if pos else float("nan"), (right / len(ans) if ans else 1.0), len(ans), right


def best_t(rows, key, prec):
    ts = sorted({r[key][1] for r in rows})
    best = None
    for t in ts:
        rec, p, n, _ = at(rows, key, t)
        if p >= prec and (best is None or rec > best[1]):
            best = (t, rec)
    return best


tune, dev = load("tune"), load("dev")
print("| decision score | AUROC tune / dev | recall at ≥98% precision, tune (threshold) | same threshold on dev: recall / precision (answered) | dev same-language / cross-language recall | ≥95%: tune recall → dev recall / precision |")
print("|---|---|---|---|---|---|")
for key in ["matcher", "ce_top1", "ce_rerank", "ce_margin"]:
    a = [auroc([r[key][1] for r in rows if r[key][0] == r["faq"]],
               [r[key][1] for r in rows if r[key][0] != r["faq"]]) for rows in (tune, dev)]
    cells = []
    for prec in (0.98, 0.95):
        b = best_t(tune, key, prec)
        if b is None:
            cells.append(("—", "—", "—", "—"))
            continue
        t, rec = b
        drec, dp, dn, _ = at(dev, key, t)
        same = at([r for r in dev if r["kind"] != "cross_language"], key, t)
        cross = at([r for r in dev if r["kind"] != "same_language"], key, t)
        cells.append((f"{rec:.2f} ({t:.3f})", f"{drec:.2f} / {dp:.2f} ({dn})", f"{same[0]:.2f} / {cross[0]:.2f}", f"{rec:.2f} → {drec:.2f} / {dp:.2f}"))
    print(f"| {key} | {a[0]:.3f} / {a[1]:.3f} | {cells[0][0]} | {cells[0][1]} | {cells[0][2]} | {cells[1][3]} |")

for name, rows in (("tune", tune), ("dev", dev)):
    for key in ["matcher", "ce_rerank"]:
        first = sum(1 for r in rows if r["faq"] and r[key][0] == r["faq"]) / sum(1 for r in rows if r["faq"])
        print(f"{name} {key}: right entry first {first:.2f}")

atec = [json.loads(l) for l in open(f"{RUN}/scores_atec_val.jsonl")]
acc = sum((r["ce"] >= 0.5) == (r["label"] == 1) for r in atec) / len(atec)
print(f"ATEC val ({len(atec)} pairs): AUROC {auroc([r['ce'] for r in atec if r['label']], [r['ce'] for r in atec if not r['label']]):.3f}, accuracy at 0.5 {acc:.3f} (majority {1 - sum(r['label'] for r in atec) / len(atec):.3f})")

# The matcher's score plus a small share of the cross-encoder's (on the matcher's top entry):
# the weight is chosen on tune by AUROC and applied unchanged to dev.
def mixed(rows, w):
    return [dict(r, mix=(r["matcher"][0], r["matcher"][1] + w * r["ce_top1"][1])) for r in rows]

best = max((auroc([r["mix"][1] for r in m if r["mix"][0] == r["faq"]],
                  [r["mix"][1] for r in m if r["mix"][0] != r["faq"]]), w)
           for w in (0.0, 0.01, 0.02, 0.05, 0.1, 0.2)
           for m in [mixed(tune, w)])
w = best[1]
d = mixed(dev, w)
da = auroc([r["mix"][1] for r in d if r["mix"][0] == r["faq"]], [r["mix"][1] for r in d if r["mix"][0] != r["faq"]])
b = best_t(mixed(tune, w), "mix", 0.98)
line = f"matcher + {w} × ce: AUROC tune {best[0]:.3f} / dev {da:.3f}"
if b:
    rec, p, n, _ = at(d, "mix", b[0])
    line += f"; ≥98% precision on tune: recall {b[1]:.2f} (threshold {b[0]:.3f}) → dev recall {rec:.2f}, precision {p:.2f} ({n} answered)"
print(line)
