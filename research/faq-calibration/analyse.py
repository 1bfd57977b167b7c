import json, sys, numpy as np
for n in ['default','tune','dev']:
    rows=[json.loads(l) for l in open(f'/tmp/cal/{n}.jsonl')]
    for lang in ['en','zh']:
        R=[r for r in rows if r['language']==lang]
        if not R: continue
        ps=np.array([r['present_score'] for r in R]); ok=np.array([r['present_top']==r['entry'] for r in R])
        ab=np.array([r['absent_score'] for r in R])
        def prec(t):
            a=(ps>=t); c=(a&ok).sum(); w=a.sum()-c+(ab>=t).sum()
            return c/max(1,c+w), c/len(R)
        ts=np.arange(0.80,0.99,0.005)
        t98=next((t for t in ts if prec(t)[0]>=0.98), None)
        t95=next((t for t in ts if prec(t)[0]>=0.95), None)
        print(f'{n:7s} {lang} n={len(R):3d} present right {ok.mean():.2f} present median {np.median(ps):.3f} absent q50/q90/max {np.quantile(ab,.5):.3f}/{np.quantile(ab,.9):.3f}/{ab.max():.3f}  t@98 {t98} (rec {prec(t98)[1] if t98 else 0:.2f})  t@95 {t95}')
