import json, numpy as np, sys
T=[json.loads(l)['text'] for l in open('texts.jsonl')]
E={t:np.array(json.loads(l)['embedding'],dtype=np.float64) for t,l in zip(T,open('q.jsonl'))}
def kbload(p): return [json.loads(l) for l in open(p)]
def whitener(kb, lam):
    X=[];C=[]
    for e in kb:
        V=np.array([E[q] for q in e['questions']])
        if len(V)<2: continue
        X.append(V-V.mean(0))
    X=np.concatenate(X); S=X.T@X/len(X)
    d=S.shape[0]; S=(1-lam)*S+lam*np.trace(S)/d*np.eye(d)
    w,U=np.linalg.eigh(S); return U@np.diag(w**-0.5)@U.T
def scorer(kb, W):
    rows=[(i,q) for i,e in enumerate(kb) for q in e['questions']]
    M=np.array([E[q] for _,q in rows])
    if W is not None: M=M@W
    M/=np.linalg.norm(M,axis=1,keepdims=True)
    ent=np.array([i for i,_ in rows])
    def f(v, skip=None):
        if W is not None: v=v@W
        v=v/np.linalg.norm(v); s=M@v
        if skip is not None: s[skip]=-9
        best=np.full(len(kb),-9.0)
        np.maximum.at(best,ent,s); return best
    return f, rows
def loo(kb,W):
    f,rows=scorer(kb,W); ok=0
    for r,(i,q) in enumerate(rows):
        ok+= int(np.argmax(f(E[q],skip=r))==i)
    return ok/len(rows)
def chat(kb,W):
    f,_=scorer(kb,W); ids=[e['id'] for e in kb]; ok=n=0
    for l in open('/work/main/training-data/chat-dev/chats_tune.jsonl'):
        r=json.loads(l)
        if not r.get('expected_faq'): continue
        n+=1; ok+= ids[int(np.argmax(f(E[r['text']])))] in r['expected_faq']
    return ok/n
def faqdev(s,W_from):
    kb=kbload(f'/work/main/training-data/faq-dev/{s}/kb.jsonl'); W=W_from(kb)
    f,_=scorer(kb,W); ids=[e['id'] for e in kb]; ok=n=0
    for l in open(f'/work/main/training-data/faq-dev/{s}/queries.jsonl'):
        r=json.loads(l)
        if not r['faq']: continue
        n+=1; ok+= ids[int(np.argmax(f(E[r['text']])))]==r['faq']
    return ok/n
kb=kbload('/work/main/kb/default.jsonl')
print('cosine: default LOO %.3f chat-tune top1 %.3f faq-tune top1 %.3f'%(loo(kb,None),chat(kb,None),faqdev('tune',lambda k:None)))
for lam in [0.05,0.1,0.2,0.4,0.7]:
    W=whitener(kb,lam)
    print('whiten lam=%.2f: default LOO %.3f chat-tune top1 %.3f  faq-tune (own-KB whitening) %.3f  faq-tune (default-KB whitening) %.3f'%(lam,loo(kb,W),chat(kb,W),faqdev('tune',lambda k:whitener(k,lam)),faqdev('tune',lambda k:W)))
