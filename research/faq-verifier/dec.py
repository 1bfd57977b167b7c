import json, re, numpy as np, sys
def load(p): return [json.loads(l) for l in open(p) if l.strip()]
texts=[json.loads(l)['text'] for l in open('texts.jsonl')]
Q=np.array([r['embedding'] for r in load('q.jsonl')],dtype=np.float32)
D=np.array([r['embedding'] for r in load('d.jsonl')],dtype=np.float32)
ix={t:i for i,t in enumerate(texts)}
def zh(t): return re.search(r'[\u4e00-\u9fff]',t) is not None
def grams(t):
    t=re.sub(r'\s+',' ',t.lower()); return set(t[i:i+2] for i in range(len(t)-1))
def kbscores(kbp, queries):
    kb=load(kbp); uid=[e['id'] for e in kb]
    qr=[(k,t) for k,e in enumerate(kb) for t in e['questions']]
    ar=[]
    for k,e in enumerate(kb):
        a=e['answer']
        if isinstance(a,dict): ar+= [(k,l,t) for l,t in a.items()]
        else: ar.append((k,'*',a))
    QD=np.array([D[ix[t]] for _,t in qr]); AD=np.array([D[ix[t]] for _,_,t in ar])
    z=[i for i,(k,l,_) in enumerate(ar) if l=='zh']; 
    pairs=[(i,j) for i,(k,l,_) in enumerate(ar) if l=='zh' for j,(k2,l2,_) in enumerate(ar) if l2=='en' and k2==k]
    d=None
    if len(pairs)>=3:
        d=sum(AD[i]-AD[j] for i,j in pairs); d/=np.linalg.norm(d)
    def proj(M):
        if d is None: return M
        M=M-np.outer(M@d,d); return M/np.linalg.norm(M,axis=1,keepdims=True)
    QDp=proj(QD); ADp=proj(AD)
    out=[]
    for text in queries:
        q=Q[ix[text]][None,:]; qp=proj(q)[0]; lang='zh' if zh(text) else 'en'
        qs=QDp@qp; best=np.full(len(kb),-9.0); bq=[None]*len(kb)
        for (k,t),s in zip(qr,qs):
            if s>best[k]: best[k]=s; bq[k]=t
        ans=np.full(len(kb),-9.0); rank=np.zeros(len(kb))
        for (k,l,t),s in zip(ar,ADp@qp):
            r=2 if l==lang else (1 if l=='*' else 0)
            if r>rank[k] or (r==rank[k] and s>ans[k]): rank[k]=r; ans[k]=s
        tot=0.6*best+0.4*ans
        o=np.argsort(-tot)
        out.append(dict(uid=uid,tot=tot,best=best,ans=ans,order=o,bq=bq,lang=lang,text=text))
    return out
def features(r):
    t=r['tot']; o=r['order']; s1=t[o[0]]; s2=t[o[1]]
    mu=t.mean(); sd=t.std()+1e-6
    lex=len(grams(r['text'])&grams(r['bq'][o[0]]))/max(1,len(grams(r['text'])))
    return [s1, s1-s2, (s1-mu)/sd, s1-mu, r['best'][o[0]], r['ans'][o[0]], lex, 1.0 if r['lang']=='zh' else 0.0]
NAMES=['s1','margin','z','s1-mu','qcos','acos','lex','zh']
def dataset(S):
    M='/work/main/training-data/faq-dev'
    qs=load(f'{M}/{S}/queries.jsonl')
    rs=kbscores(f'{M}/{S}/kb.jsonl',[q['text'] for q in qs])
    X=np.array([features(r) for r in rs]); ok=np.array([r['uid'][r['order'][0]]==q['faq'] for r,q in zip(rs,qs)])
    pos=np.array([q['faq'] is not None for q in qs]); kind=np.array([q['kind'] for q in qs])
    return X,ok,pos,kind
def auc(v,ok): a=v[ok]; b=v[~ok]; return np.mean(a[:,None]>b[None,:])+0.5*np.mean(a[:,None]==b[None,:])
def recall_at(score,ok,pos,P=0.98):
    best=(0,None)
    for t in np.unique(score):
        a=score>=t; n=a.sum(); c=(a&ok).sum()
        if n and c/n>=P and c/pos.sum()>best[0]: best=(c/pos.sum(),t)
    return best
if __name__=='__main__':
    for S in ['tune']:
        X,ok,pos,kind=dataset(S)
        print(S,'top1 ok among positives',ok[pos].mean())
        for i,n in enumerate(NAMES): print(f'  {n:6s} auc {auc(X[:,i],ok):.3f} rec@p98 {recall_at(X[:,i],ok,pos)[0]:.2f}')
