"""ATEC pair scorer study, step 2: a pair scorer trained on ATEC's paraphrase pairs (label 0 =
same topic, different question: the near misses FAQ matching must refuse), on frozen query-side
embeddings; checked on ATEC val, then used as the FAQ score on the faq-dev *tuning* set's Chinese
queries (Chinese-only and bilingual entries' Chinese questions). Needs atec_prep.py and
`triage embed --texts /tmp/atec_texts.jsonl --out /tmp/atec_q.jsonl`."""
import json, re, numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.metrics import roc_auc_score
def load(p): return [json.loads(l) for l in open(p) if l.strip()]
# triage embed writes one row per input line, in order (its text field is the normalised text)
E = {t['text']: np.array(r['embedding'], dtype=np.float32)
     for t, r in zip(load('/tmp/atec_texts.jsonl'), load('/tmp/atec_q.jsonl'))}
P = json.load(open('/tmp/atec_pairs.json'))
def vec(t):
    return E.get(t)
def feat(a, b):
    c = (a * b).sum(-1, keepdims=True)
    return np.concatenate([a * b, np.abs(a - b), c], -1)
def pairs(rows):
    X, y, c = [], [], []
    for a, b, l in rows:
        va, vb = vec(a), vec(b)
        if va is None or vb is None: continue
        X.append(feat(va, vb)); y.append(l); c.append(float(va @ vb))
    return np.array(X), np.array(y), np.array(c)
Xt, yt, ct = pairs(P['train']); Xv, yv, cv = pairs(P['val'])
print(f'ATEC pairs: train {len(yt)} (pos {yt.mean():.2f}), val {len(yv)}; missing {len(P["train"])+len(P["val"])-len(yt)-len(yv)}')
models = {'cos': None,
          'lr': LogisticRegression(C=1.0, max_iter=3000, class_weight='balanced').fit(Xt, yt),
          'mlp256': MLPClassifier(hidden_layer_sizes=(256,), alpha=1e-3, max_iter=80, early_stopping=True, random_state=0).fit(Xt, yt)}
def score(m, X, c):
    return c if m is None else m.predict_proba(X)[:, 1]
for n, m in models.items():
    print(f'ATEC val AUROC {n:7s} {roc_auc_score(yv, score(m, Xv, cv)):.3f}')
M = '/work/main/training-data/faq-dev/tune'
kb = load(f'{M}/kb.jsonl'); qs = load(f'{M}/queries.jsonl')
zh = lambda t: re.search(r'[\u4e00-\u9fff]', t) is not None
qrows = [(k, t) for k, e in enumerate(kb) for t in e['questions'] if zh(t)]
has_zh = {k for k, _ in qrows}
# Chinese queries; positives only where the entry has a Chinese question (same-language matching)
Q = [q for q in qs if zh(q['text']) and (q['faq'] is None or any(kb[k]['id'] == q['faq'] for k in has_zh))]
npos = sum(q['faq'] is not None for q in Q)
print(f'faq-dev tune: {len(Q)} Chinese queries, {npos} with an entry that has Chinese questions')
for n, m in models.items():
    s1, ok = [], []
    for q in Q:
        qv = vec(q['text'])
        D = np.array([vec(t) for _, t in qrows])
        s = score(m, feat(qv[None, :], D), D @ qv)
        best = {}
        for (k, _), v in zip(qrows, s): best[k] = max(best.get(k, -9), v)
        k = max(best, key=best.get)
        s1.append(best[k]); ok.append(q['faq'] is not None and kb[k]['id'] == q['faq'])
    s1 = np.array(s1); ok = np.array(ok)
    order = np.argsort(-s1); tp = 0; r98 = r90 = 0
    for i, j in enumerate(order, 1):
        tp += ok[j]
        if i < len(order) and s1[order[i]] == s1[j]: continue
        if tp / i >= .98: r98 = max(r98, tp / npos)
        if tp / i >= .90: r90 = max(r90, tp / npos)
    top1 = ok.sum() / npos
    print(f'{n:7s} top-1 right {top1:.2f}  AUROC(right vs rest) {roc_auc_score(ok, s1):.3f}  recall@98% {r98:.2f}  @90% {r90:.2f}')
