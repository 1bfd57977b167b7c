"""The highest-R_qa negatives and wrong tops, with each query token's best cosine to the entry."""
import json, sys
import numpy as np
sys.argv = ['study.py', 'tune']
exec(open('study.py').read().split('rows = []')[0])
out = []
for k, (q, r) in enumerate(zip(qrows, res)):
    ok = q['faq'] is not None and r['top'] == q['faq']
    Yq, iq = items[k]
    D = np.concatenate([Y for _, (Y, _) in by_entry[r['top']]])
    m = (Yq @ D.T).max(1)
    out.append((float(m.mean()), ok, q['text'], r['top'], [(piece[i], round(float(x), 2)) for i, x in zip(iq, m)]))
out.sort(key=lambda t: -t[0])
for t in out[:25]:
    if not t[1]: print(round(t[0], 3), t[2], '->', t[3], t[4])
print('--- right answers, same range')
for t in out[:25]:
    if t[1]: print(round(t[0], 3), t[2], t[4])
