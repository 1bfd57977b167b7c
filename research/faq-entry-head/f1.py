import json,numpy as np,sys
sys.argv=[sys.argv[0]]
from m5 import adam_fit, Wrap
from bank import BANK, BL
def load(path,src):
    texts=[json.loads(l)['text'] for l in open(src)]
    embs=[json.loads(l)['embedding'] for l in open(path)]
    return {t:np.array(e,np.float32) for t,e in zip(texts,embs)}
Q=load('/tmp/fx/fq.jsonl','/tmp/fx/ftexts.jsonl')
for s in ['tune','dev']:
    kb=[json.loads(l) for l in open(f'/work/main/training-data/faq-dev/{s}/kb.jsonl')]
    ids=[e['id'] for e in kb]; N=len(kb)
    qs=[json.loads(l) for l in open(f'/work/main/training-data/faq-dev/{s}/queries.jsonl')]
    top={json.loads(l)['text']:json.loads(l)['top'] for l in open(f'/tmp/ftop_{s}.jsonl')}
    for negset in ['oos','none']:
        X=[];y=[]
        for i,e in enumerate(kb):
            for q in e['questions']: X.append(Q[q]); y.append(i)
        if negset=='oos':
            for v,l in zip(BANK,BL):
                if l=='oos': X.append(v); y.append(N)
        W,b=adam_fit(np.array(X,np.float32),np.array(y),N+1,30,200,0.05)
        P=Wrap(W,b).predict_proba(np.array([Q[r['text']] for r in qs]))[:,:N]
        for g in [0,0.2,0.5,1.0]:
            items=[]
            for r,p in zip(qs,P):
                base={t[0]:t[1] for t in top[r['text']]}; lo=min(base.values())
                sc,e=max((base.get(ids[i],lo)+g*p[i],ids[i]) for i in range(N))
                items.append((sc, r['kind']!='negative' and e==r['faq'], r['kind']))
            items.sort(key=lambda x:-x[0])
            pos=sum(1 for r in qs if r['kind']!='negative')
            best={}
            for prec in [0.98,0.9]:
                R=W_=0; bestr=0
                for sc,ok,k in items:
                    if ok: R+=1
                    else: W_+=1
                    if R/(R+W_)>=prec: bestr=max(bestr,R)
                best[prec]=round(bestr/pos,2)
            print(s,negset,g,'recall@98%',best[0.98],'@90%',best[0.9])
