from m2 import *
from bank import *
import sys
HAND={'oos','complaint','contact_human_agent','order_problem'}
ST={'greeting','are_you_there','emoji','affirm','goodbye','thanks','deny','bot_identity'}
def fit(neglabels,C=100):
    X=[];y=[]
    for i,e in enumerate(KB):
        for q in e['questions']: X.append(Q[q]); y.append(i)
    for v,l in zip(BANK,BL):
        if l in neglabels: X.append(v); y.append(NONE)
    return LogisticRegression(C=C,max_iter=5000).fit(np.array(X),np.array(y))
def evalc(clf,rows,g):
    P=clf.predict_proba(np.array([Q[r['text']] for r in rows]))[:, :NONE]
    pred=[];conf=[]
    for r,p in zip(rows,P):
        top=TOP[(r['conversation_id'],r['turn'])]['top']
        base={t[0]:t[1] for t in top}; lo=min(base.values())
        tot=[(base.get(IDS[i],lo)+g*p[i],IDS[i]) for i in range(NONE)]
        s,e=max(tot); pred.append(e); conf.append(s)
    F=[(r,p) for r,p in zip(rows,pred) if r['expected_action']=='answer' and r.get('expected_faq')]
    return sum(p in r['expected_faq'] for r,p in F),curve(rows,pred,conf,(0.02,0.05,0.1))
rows=turns('/tmp/alltune.jsonl')
for name,neg in [('hand',HAND),('hand+st',HAND|ST)]:
    for C in [30,100,300]:
        clf=fit(neg,C)
        for g in [0.2,0.3,1.0]:
            print(name,C,g,evalc(clf,rows,g),flush=True)
