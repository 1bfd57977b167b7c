"""Small-talk coverage shares (research/open-intent/README.md), as src/train/smalltalk.rs
computes them: for each built-in act, the share of its examples whose nearest neighbour outside
the act is one user intent's message, and the share of that intent's messages whose nearest
neighbour is one of the act's examples.

Inputs in DIR (default /tmp/al), made with `triage embed --texts X --out X.emb.jsonl`:
  acts.emb.jsonl            from src/smalltalk/acts.jsonl
  NAME.jsonl, NAME.emb.jsonl for NAME in clinc, shop, b77 ({"text","label"} rows: CLINC150 and
                            BANKING77 train.jsonl, the shop's training-data/intents/*_train.jsonl)
Usage: python3 research/open-intent/smalltalk-coverage.py [DIR]
"""
import json,re,sys,numpy as np,collections,random
DIR=sys.argv[1] if len(sys.argv)>1 else '/tmp/al'
A0=np.array([json.loads(l)['embedding'] for l in open(f'{DIR}/acts.emb.jsonl')],dtype=np.float32)
AL0=[json.loads(l)['label'] for l in open('src/smalltalk/acts.jsonl')]
LANG=[json.loads(l)['lang'] for l in open('src/smalltalk/acts.jsonl')]
ACTS=set(AL0)
def run(name,U,UL,texts):
    # The user's labels named after an act keep it by name (not candidates), as in training.
    keepu=[i for i,l in enumerate(UL) if l not in ACTS]
    U=U[keepu]; UL=[UL[i] for i in keepu]; texts=[texts[i] for i in keepu]
    zh=sum(1 for t in texts if re.search(r'[\u4e00-\u9fff]',t))/len(texts)
    langs={'en'} if zh<0.1 else ({'zh'} if zh>0.9 else {'en','zh'})
    keep=[i for i,l in enumerate(LANG) if l in langs or (l=='mixed' and langs=={'en','zh'})]
    named=set(UL)
    keep=[i for i in keep if AL0[i] not in named]
    A=A0[keep]; AL=[AL0[i] for i in keep]
    X=np.vstack([A,U]); lab=[('act',a) for a in AL]+[('user',u) for u in UL]
    S=X@X.T; np.fill_diagonal(S,-9)
    nA=len(AL)
    print('==',name)
    for a in sorted(set(AL)):
        idx=[i for i,l in enumerate(AL) if l==a]
        # a -> L: nn excluding same-act examples
        S2=S[idx].copy()
        for j in idx: S2[:,j]=-9
        nn2=S2.argmax(1)
        c=collections.Counter(lab[j] for j in nn2)
        ul=sorted([(k[1],v) for k,v in c.items() if k[0]=='user'],key=lambda x:-x[1])
        top=ul[0] if ul else (None,0)
        if top[0]:
            uidx=[nA+i for i,l in enumerate(UL) if l==top[0]]
            nnu=S[uidx].argmax(1)
            rev=sum(1 for j in nnu if lab[j]==('act',a))/len(uidx)
        else: rev=0
        print(f'{a:14s} n={len(idx):3d} top={top[0]} {top[1]/len(idx):.2f} rev={rev:.2f}')
def load(name):
    E=np.array([json.loads(l)['embedding'] for l in open(f'{DIR}/{name}.emb.jsonl')],dtype=np.float32)
    R=[json.loads(l) for l in open(f'{DIR}/{name}.jsonl')]
    return E,[r['label'] for r in R],[r['text'] for r in R]
for name in ['clinc','shop','b77']:
    E,L,T=load(name)
    run(name,E,L,T)
E,L,T=load('clinc')
for seed in [0,1]:
    rng=random.Random(seed); by=collections.defaultdict(list)
    for i,l in enumerate(L): by[l].append(i)
    idx=[]
    for l in sorted(by): g=by[l][:]; rng.shuffle(g); idx+=g[:20]
    run(f'clinc20 s{seed}',E[idx],[L[i] for i in idx],[T[i] for i in idx])
