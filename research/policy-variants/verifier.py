# Research (2026-12-07): a learned verifier of the turns that went to a person or a question only for
# being unsure. Inputs: /tmp/w/places/top.jsonl (examples/kb_top, KB_TOP_N=5, every turn of the read
# chat sets), /tmp/w/sets/SET.jsonl (the chat files) and /tmp/w/as_base_SET/predictions.jsonl
# (`triage eval` of each on the tree of 009d81a). Usage: python verifier.py [held-out sets, comma-separated].
# Needs numpy and scikit-learn. Result: research/policy-variants/README.md (last section).
import json,re,collections,sys
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import GradientBoostingClassifier
kb={}
for l in open('/work/main/kb/default.jsonl'):
    e=json.loads(l); kb[e['id']]=e
REL=[{"get_refund","track_refund","check_refund_policy"},{"delivery_options","delivery_period"},{"recover_password","registration_problems","create_account"},{"cancel_order","check_cancellation_fee"}]
def rel(a,b): return a==b or any(a in g and b in g for g in REL)
tops={}
for l in open('/tmp/w/places/top.jsonl'):
    r=json.loads(l); tops[(r['conversation_id'],r['turn'])]=r['top']
Q=re.compile(r'[?？吗呢么嘛]|怎么|如何|多久|几天|多少|哪|能不能|可不可以|是不是|有没有|\b(how|what|when|where|why|can|could|do|does|is|are|will|which)\b',re.I)
SETS='tune blind fresh b7 c7 c8 c9 c10 c11 c12 c13 c14 c15 c16 c17 c18 c19 c20'.split()
X=[];Y=[];G=[];INFO=[]
for s in SETS:
    data=[json.loads(l) for l in open(f'/tmp/w/sets/{s}.jsonl')]
    preds=[json.loads(l) for l in open(f'/tmp/w/as_base_{s}/predictions.jsonl')]
    prev={}
    for p in preds:
        t=data[p['line']-1]['text']; pv=prev.get(p['conversation_id']); prev[p['conversation_id']]=p
        if p['action']=='answer' or not p['reasons'] or not set(p['reasons'])<={'low_confidence','out_of_scope','faq_near_miss'}: continue
        top=tops.get((p['conversation_id'],p['turn']))
        if not top: continue
        e1=top[0][0]; ent=kb[e1]
        zh=1.0 if re.search(r'[\u4e00-\u9fff]',t) else 0.0
        ei=ent.get('intent'); pi=p['intent']
        f=[top[0][1], top[0][2], top[0][1]-top[1][1], top[0][1]-top[2][1], top[0][1]-top[4][1], zh,
           p['confidence'], 1.0 if p['oos'] else 0.0, 1.0 if ei==pi else 0.0, 1.0 if (ei and rel(ei,pi)) else 0.0,
           1.0 if 'faq_near_miss' in p['reasons'] else 0.0, 1.0 if 'out_of_scope' in p['reasons'] else 0.0,
           min(len(t),80)/80, 1.0 if Q.search(t) else 0.0, 1.0 if re.search(r'\d',t) else 0.0,
           1.0 if p['turn']>1 else 0.0, 1.0 if (pv and pv['action']=='answer') else 0.0,
           1.0 if (pv and pv['faq']==e1) else 0.0,
           1.0 if (pv and pv['faq'] and set(kb[pv['faq']].get('tags',[]))&set(ent.get('tags',[]))) else 0.0,
           sum(1 for x in top[1:] if x[0].split('-')[0]==e1.split('-')[0])/4]
        y=1 if (p['expected_action']=='answer' and e1 in (p['expected_faq'] or [])) else 0
        X.append(f);Y.append(y);G.append(s);INFO.append((s,p['conversation_id'],p['turn'],p['expected_action'],p['expected_faq'],e1,t))
X=np.array(X);Y=np.array(Y);G=np.array(G)
print('n',len(Y),'pos',Y.sum())
TEST=set(sys.argv[1].split(',')) if len(sys.argv)>1 else {'c17','c18','c19','c20'}
tr=np.array([g not in TEST for g in G]); te=~tr
for name,clf in [('lr',LogisticRegression(C=1.0,max_iter=2000)),('gb',GradientBoostingClassifier(n_estimators=150,max_depth=3,learning_rate=0.05))]:
    clf.fit(X[tr],Y[tr])
    ptr=clf.predict_proba(X[tr])[:,1]; pte=clf.predict_proba(X[te])[:,1]
    # choose threshold on train for precision >=0.95
    for prec in (0.9,0.95,0.98):
        order=np.argsort(-ptr); best=None; tp=0
        for k,i in enumerate(order,1):
            tp+=Y[tr][i]
            if tp/k>=prec: best=ptr[i]
        if best is None: print(name,prec,'none'); continue
        sel=pte>=best
        print(f"{name} prec>={prec}: th {best:.3f} train sel {(ptr>=best).sum()} pos {Y[tr][ptr>=best].sum()} | test sel {sel.sum()} right {Y[te][sel].sum()} wrong {sel.sum()-Y[te][sel].sum()} (test pos {Y[te].sum()})")
