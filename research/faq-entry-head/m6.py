from m5 import adam_fit, Wrap
from m4 import HAND, BANK, BL
from lib import *
import sys
NONE=len(KB)
X=[];y=[]
for i,e in enumerate(KB):
    for q in e['questions']: X.append(Q[q]); y.append(i)
for v,l in zip(BANK,BL):
    if l in HAND: X.append(v); y.append(NONE)
W,b=adam_fit(np.array(X,np.float32),np.array(y),NONE+1,30,200,0.05)
h=Wrap(W,b)
name=sys.argv[1]; f={'tune':'/tmp/alltune.jsonl','dev':'/tmp/dev.jsonl'}[name]; pr={'tune':'/tmp/r0_all','dev':'/tmp/r0_dev'}[name]
rows=turns(f)
pred={(r['conversation_id'],r['turn']):r for r in map(json.loads,open(pr+'/predictions.jsonl'))}
P=h.predict_proba(np.array([Q[r['text']] for r in rows]))[:, :NONE]
SETTLE={'low_confidence','out_of_scope','faq_near_miss','ambiguous','unsure'}
for th in [0.5,0.6,0.7,0.8,0.9]:
  for floor in [0.80,0.84,0.86,0.88]:
    gain=0;bad=0;badl=[]
    for r,p in zip(rows,P):
        k=(r['conversation_id'],r['turn']); pz=pred[k]
        if pz['action']=='answer': continue
        if not set(pz['reasons'])<=SETTLE: continue
        top=TOP[k]['top'][0]
        e=IDS[p.argmax()]
        if e!=top[0] or p.max()<th or top[1]<floor: continue
        ok = r['expected_action']=='answer' and r.get('expected_faq') and e in r['expected_faq']
        if ok: gain+=1
        else: bad+=1; badl.append((r['text'],e))
    print(th,floor,'gain',gain,'bad',bad)
    if th==0.7 and floor==0.86: print(badl)
print('--- unserved faq turns: head view')
for r,p in zip(rows,P):
    k=(r['conversation_id'],r['turn']); pz=pred[k]
    if pz['action']=='answer' or not (r['expected_action']=='answer' and r.get('expected_faq')): continue
    top=TOP[k]['top']
    e=IDS[p.argmax()]
    print(pz['reasons'][:2], 'cos', top[0][0], round(top[0][1],3), 'head', e, round(float(p.max()),2), 'exp', r['expected_faq'][:2], '|', r['text'][:50])
