"""Fuses kb_top scores of follow-ups alone (argv 1) with those of another reading (argv 2)."""
import json
import sys
A=[json.loads(l) for l in open(sys.argv[1])]
C=[json.loads(l) for l in open(sys.argv[2])]
for w in [0,0.2,0.3,0.5,0.7,1.0]:
    ok=0; pos=0; negs=[]; poss=[]
    for a,c in zip(A,C):
        exp=a['expected_faq'] or []
        sa={t[0]:t[1] for t in a['top']}; sc={t[0]:t[1] for t in c['top']}
        f={e:(1-w)*sa[e]+w*sc.get(e,0) for e in sa}
        best=sorted(f.items(),key=lambda x:-x[1])
        top,score=best[0]; gap=score-best[1][1]
        if exp:
            pos+=1; ok+=top in exp; poss.append((score,top in exp,gap))
        else: negs.append((score,gap))
    # recall at threshold where no neg above: 
    negmax=max(s for s,g in negs)
    import numpy as np
    # count right answers above each threshold and negatives above
    res=[]
    for t in np.arange(0.86,0.95,0.01):
        r=sum(1 for s,o,g in poss if s>=t and o); wr=sum(1 for s,o,g in poss if s>=t and not o); n=sum(1 for s,g in negs if s>=t)
        res.append('%.2f:%d/%d/%d'%(t,r,wr,n))
    print(w,'top1 %d/%d'%(ok,pos),' '.join(res))
