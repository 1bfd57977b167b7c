"""Token-level coverage (BERTScore-style) on top of the serving FAQ score, faq-dev set given as argv[1].
Needs /tmp/ftok_{set}_texts.jsonl (dump.py), /tmp/ftok_{set}_states.jsonl (examples/token_states)
and /tmp/faq_{set}/faq.json (triage eval --faq)."""
import json, sys, gzip, unicodedata, math
import numpy as np
s = sys.argv[1]
vocab = json.load(gzip.open('../../models/base/multilingual-e5-small/tokenizer.json.gz'))['model']['vocab']
piece = [v[0] for v in vocab]
texts = [json.loads(l) for l in open(f'/tmp/ftok_{s}_texts.jsonl')]
states = [json.loads(l) for l in open(f'/tmp/ftok_{s}_states.jsonl')]
res = json.load(open(f'/tmp/faq_{s}/faq.json'))['results']
qrows = [json.loads(l) for l in open(f'../../training-data/faq-dev/{s}/queries.jsonl')]

def content(t, st):
    ids = st['ids']; X = np.array(st['states'], dtype=np.float32)
    skip = 4 if t.get('role') != 'answer' else 3
    keep = []
    for i in range(skip, len(ids) - 1):
        p = piece[ids[i]].replace('▁', '')
        if not p or all(unicodedata.category(c)[0] in 'PSZ' for c in p):
            continue
        keep.append(i)
    Y = X[keep] if keep else X[skip:-1]
    Y = Y / np.linalg.norm(Y, axis=1, keepdims=True)
    return Y, [ids[i] for i in keep]

items = [content(t, st) for t, st in zip(texts, states)]
# document frequency over KB questions+answers for idf
by_entry = {}
for t, it in zip(texts, items):
    if t['role'] != 'query':
        by_entry.setdefault(t['entry'], []).append((t['role'], it))
df = {}
for e, L in by_entry.items():
    seen = set(i for _, (Y, ids) in L for i in ids)
    for i in seen: df[i] = df.get(i, 0) + 1
N = len(by_entry)
idf = lambda i: math.log((N + 1) / (df.get(i, 0) + 0.5))

def feats(q, e):
    Yq, iq = q
    out = {}
    for roles, name in ((('question',), 'q'), (('question', 'answer'), 'qa')):
        D = np.concatenate([Y for r, (Y, _) in by_entry[e] if r in roles])
        S = Yq @ D.T
        m = S.max(1)
        out['R_' + name] = float(m.mean())
        w = np.array([idf(i) for i in iq]) if iq else np.ones(len(m))
        out['Rw_' + name] = float((m * w).sum() / w.sum())
        out['Rmin_' + name] = float(np.sort(m)[:2].mean())
    # precision: best question's tokens covered by the query
    P = []
    for r, (Y, ids) in by_entry[e]:
        if r == 'question':
            P.append(float((Y @ Yq.T).max(1).mean()))
    out['P_q'] = max(P)
    out['F_q'] = 2 * out['P_q'] * out['R_q'] / (out['P_q'] + out['R_q'])
    return out

rows = []
for k, (q, r) in enumerate(zip(qrows, res)):
    f = feats(items[k], r['top'])
    f['score'] = r['top_score']
    ok = q['faq'] is not None and r['top'] == q['faq']
    rows.append((ok, q['faq'] is not None, f, q['kind']))
if len(sys.argv) > 2:  # 'same': same-language positives and the negatives only
    rows = [r for r in rows if r[3] in ('same_language', 'negative')]
npos = sum(1 for r in rows if r[1])

def auroc(xs, ys):
    p = [x for x, y in zip(xs, ys) if y]; n = [x for x, y in zip(xs, ys) if not y]
    return sum((a > b) + 0.5 * (a == b) for a in p for b in n) / max(1, len(p) * len(n))

def rec_at(xs, ys, prec=0.98):
    order = sorted(range(len(xs)), key=lambda i: -xs[i])
    best = 0; tp = 0
    for k, i in enumerate(order, 1):
        tp += ys[i]
        # only cut between distinct scores
        if k < len(order) and xs[order[k]] == xs[i]: continue
        if tp / k >= prec: best = max(best, tp / npos)
    return best

ys = [r[0] for r in rows]
names = list(rows[0][2].keys())
for nm in names:
    xs = [r[2][nm] for r in rows]
    print(f'{nm:10s} AUROC {auroc(xs, ys):.3f}  recall@98 {rec_at(xs, ys):.3f}  @95 {rec_at(xs, ys, .95):.3f} @90 {rec_at(xs, ys, .9):.3f}')
for a in (0.3, 0.5, 0.7):
    for nm in ('R_q', 'Rw_q', 'F_q', 'R_qa', 'P_q', 'Rmin_q'):
        xs = [r[2]['score'] * (1 - a) + a * r[2][nm] for r in rows]
        print(f'score+{a}*{nm:7s} AUROC {auroc(xs, ys):.3f}  recall@98 {rec_at(xs, ys):.3f} @95 {rec_at(xs, ys, .95):.3f} @90 {rec_at(xs, ys, .9):.3f}')
