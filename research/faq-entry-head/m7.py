exec(open('m6.py').read().split("SETTLE=")[0])
R=[];Wr=[]
for r,p in zip(rows,P):
    k=(r['conversation_id'],r['turn']); pz=pred[k]
    if pz['action']!='answer' or not pz['faq']: continue
    pe=float(p[IDS.index(pz['faq'])]); top=IDS[p.argmax()]
    ok = r['expected_action']=='answer' and r.get('expected_faq') and pz['faq'] in r['expected_faq']
    (R if ok else Wr).append((pe,top==pz['faq'],r['text'][:40]))
import numpy as np
print('right',len(R),'wrong',len(Wr))
for x in [0.02,0.05,0.1,0.2]:
    print(x,'right below',sum(1 for a in R if a[0]<x),'wrong below',sum(1 for a in Wr if a[0]<x))
print(sorted(Wr))
