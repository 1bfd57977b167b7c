import json, random, re, collections, numpy as np, sys, time
random.seed(1); np.random.seed(1)
def load(p): return [json.loads(l) for l in open(p) if l.strip()]
texts=[json.loads(l)['text'] for l in open('texts.jsonl')]
Q=np.array([r['embedding'] for r in load('q.jsonl')],dtype=np.float32)
D=np.array([r['embedding'] for r in load('d.jsonl')],dtype=np.float32)
ix={t:i for i,t in enumerate(texts)}
data=json.load(open('data.json'))
def zh(t): return re.search(r'[\u4e00-\u9fff]',t) is not None
# language direction (zh - en) from own data queries/docs
own=[g for g in data['groups'] if g[0]=='own']
zq=np.mean([Q[ix[t]] for _,_,t in own if zh(t)],0); eq=np.mean([Q[ix[t]] for _,_,t in own if not zh(t)],0)
zd=np.mean([D[ix[t]] for _,_,t in own if zh(t)],0); ed=np.mean([D[ix[t]] for _,_,t in own if not zh(t)],0)
def feat(q,d):
    return np.concatenate([q*d, np.abs(q-d)],-1)
# build training pairs
pairs=[]  # (qi, di, label)
by=collections.defaultdict(list)
for src,lab,t in data['groups']: by[(src,lab)].append(ix[t])
bysrc=collections.defaultdict(list)
for (src,lab),v in by.items():
    for i in v: bysrc[src].append((i,lab))
for src,items in bysrc.items():
    idxs=np.array([i for i,_ in items]); labs=np.array([l for _,l in items])
    sims=Q[idxs]@D[idxs].T
    for a in range(len(idxs)):
        same=np.where(labs==labs[a])[0]; same=same[same!=a]
        if len(same)==0: continue
        for b in np.random.choice(same,min(2,len(same)),replace=False): pairs.append((idxs[a],idxs[b],1))
        s=sims[a].copy(); s[labs==labs[a]]=-9
        hard=np.argsort(-s)[:10]
        pairs.append((idxs[a],idxs[np.random.choice(hard)],0)); o=np.where(labs!=labs[a])[0]; pairs.append((idxs[a],idxs[np.random.choice(o)],0))
USE_ATEC='atec' in sys.argv
if USE_ATEC:
    for a,b,l in data['atec']: pairs.append((ix[a],ix[b],l))
pairs=np.array(pairs)
print('pairs',len(pairs),'pos',pairs[:,2].mean())
X=feat(Q[pairs[:,0]],D[pairs[:,1]]); y=pairs[:,2]
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
kind=sys.argv[1]
t0=time.time()
if kind=='lr': clf=LogisticRegression(C=1.0,max_iter=2000)
else: clf=MLPClassifier(hidden_layer_sizes=(int(kind[3:]),),alpha=1e-3,max_iter=60,early_stopping=True,random_state=0)
clf.fit(X,y); print('fit',round(time.time()-t0,1),'s','train acc',clf.score(X,y))
def evalkb(S):
    M='/work/main/training-data/faq-dev'
    kb=load(f'{M}/{S}/kb.jsonl'); qs=load(f'{M}/{S}/queries.jsonl')
    uid=[e['id'] for e in kb]
    qrows=[(k,t) for k,e in enumerate(kb) for t in e['questions']]
    res={}
    for name in ['cos','pair']:
        sc=np.full((len(qs),len(kb)),-9.0)
        for i,q in enumerate(qs):
            qv=Q[ix[q['text']]]
            qd=np.array([D[ix[t]] for _,t in qrows])
            if name=='cos': s=qd@qv
            else: s=clf.predict_proba(feat(qv[None,:],qd))[:,1]
            for (k,_),v in zip(qrows,s): sc[i,k]=max(sc[i,k],v)
        order=np.argsort(-sc,axis=1); s1=sc[np.arange(len(qs)),order[:,0]]; s2=sc[np.arange(len(qs)),order[:,1]]
        ok=np.array([uid[order[i,0]]==q['faq'] for i,q in enumerate(qs)])
        pos=np.array([q['faq'] is not None for q in qs]); kinds=np.array([q['kind'] for q in qs])
        out=[]
        for kd in ['same_language','cross_language']:
            m=kinds==kd; out.append(f'{kd[:5]} top1 {ok[m].mean():.2f}')
        best=(0,0,0,0)
        for mg in [0,0.02,0.05,0.1]:
            for t in np.unique(s1):
                ans=(s1>=t)&(s1-s2>mg); n=ans.sum(); c=(ans&ok).sum()
                if n and c/n>=0.98 and c/pos.sum()>best[0]: best=(c/pos.sum(),c/n,t,mg)
        # AUROC ok vs not-ok on s1
        a=s1[ok]; b=s1[~ok]; auc=np.mean(a[:,None]>b[None,:])
        print(f'{S} {name:8s}', ' '.join(out), f'auc {auc:.3f} rec@p98 {best[0]:.2f} thr {best[2]:.3f} m {best[3]}')
evalkb('tune')
