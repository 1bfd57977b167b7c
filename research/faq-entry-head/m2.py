from lib import *
import glob,sys
from sklearn.linear_model import LogisticRegression
NONE=len(KB)
def negs(kind):
    fs=[]
    if 'oos' in kind: fs+=glob.glob('/work/main/training-data/oos/*_train.jsonl')
    if 'prob' in kind: fs+=glob.glob('/work/main/training-data/intents/*_problem_train.jsonl')
    out=[]
    for f in fs:
        for l in open(f):
            t=json.loads(l)['text']; out.append(Q[t])
    if 'chat' in kind:
        for f in glob.glob('/work/main/training-data/intents/*chat*_train.jsonl'):
            for l in open(f):
                r=json.loads(l)
                if r['label'] in ('complaint','contact_human_agent','oos','order_problem'): out.append(Q[r['text']])
    return out
def run(kind, C, space, rows_sets, comb=None):
    X=[];y=[]
    for i,e in enumerate(KB):
        for q in e['questions']: X.append(Q[q] if space=='q' else D[q]); y.append(i)
    n=negs(kind); X+=n; y+=[NONE]*len(n)
    clf=LogisticRegression(C=C,max_iter=5000).fit(np.array(X),np.array(y))
    res=[]
    for name,rows in rows_sets:
        P=clf.predict_proba(np.array([Q[r['text']] for r in rows]))
        cls=clf.classes_; pe=P[:,cls<NONE]
        ids=[IDS[c] for c in cls if c<NONE]
        pred=[ids[a] for a in pe.argmax(1)]; conf=pe.max(1)
        if comb:
            base=[TOP[(r['conversation_id'],r['turn'])]['top'] for r in rows]
            conf=[comb(c,p,b) for c,p,b in zip(conf,pred,base)]
        F=[(r,p) for r,p in zip(rows,pred) if r['expected_action']=='answer' and r.get('expected_faq')]
        res.append((name,sum(p in r['expected_faq'] for r,p in F),curve(rows,pred,conf)))
    return res
if __name__=='__main__':
    tune=[('tune',turns('/tmp/alltune.jsonl'))]
    for kind in ['oos+prob','oos+prob+chat']:
        for space in ['q','d']:
            for C in [30,100,300,1000]:
                print(kind,space,C,run(kind,C,space,tune),flush=True)
