import json,sys
r=json.load(open(sys.argv[1]+'/faq.json'))['results']
pos=sum(1 for x in r if x['expected'])
pts=sorted(((x['top_score'], x['expected'] is not None and x['top']==x['expected']) for x in r), reverse=True)
best={0.98:0,0.9:0,0.8:0}
tp=0
for i,(s,ok) in enumerate(pts,1):
    tp+=ok
    for p in best:
        if tp/i>=p: best[p]=max(best[p],tp/pos)
print(' '.join(f'R@P{p}={best[p]:.2f}' for p in best))
