import numpy as np, sys
d='/tmp/b77/proto/'
meta=[l.rstrip('\n').split('\t') for l in open(d+'meta.tsv')]
n=len(meta); L=13; H=384
X=np.fromfile(d+'layers.f32',dtype=np.float32).reshape(n,L,H)
labs=sorted(set(m[0] for m in meta)); y=np.array([labs.index(m[0]) for m in meta])
masks=np.array([[int(v) for v in m[1:6]] for m in meta],dtype=bool).T
C=len(labs)
def nrm(v): return v/np.linalg.norm(v,axis=-1,keepdims=True)
def feat(spec):
    kind,ls=spec
    if kind=='avg': return nrm(X[:,ls,:].mean(1))
    if kind=='avgn': return nrm(nrm(X[:,ls,:]).mean(1))
    if kind=='cat': return nrm(np.concatenate([nrm(X[:,l,:]) for l in ls],1))
def lr(F,tr,va,l2=1e-4,it=300,lrate=0.01):
    mu=F[tr].mean(0); sd=F[tr].std(0)+1e-6
    A=(F-mu)/sd; A=np.hstack([A,np.ones((n,1),np.float32)])
    W=np.zeros((A.shape[1],C),np.float32); m=np.zeros_like(W); v=np.zeros_like(W)
    Y=np.eye(C,dtype=np.float32)[y[tr]]; At=A[tr]
    for t in range(1,it+1):
        Z=At@W; Z-=Z.max(1,keepdims=True); P=np.exp(Z); P/=P.sum(1,keepdims=True)
        g=At.T@(P-Y)/len(tr)+l2*W
        m=0.9*m+0.1*g; v=0.999*v+0.001*g*g
        W-=lrate*(m/(1-0.9**t))/(np.sqrt(v/(1-0.999**t))+1e-8)
    return ((A[va]@W).argmax(1)==y[va]).mean()
def knn(F,tr,va,k=10,s=20):
    S=F[va]@F[tr].T; idx=np.argpartition(-S,k,1)[:,:k]
    votes=np.zeros((len(va),C))
    for j in range(k):
        w=np.exp(s*S[np.arange(len(va)),idx[:,j]]); np.add.at(votes,(np.arange(len(va)),y[tr][idx[:,j]]),w)
    return (votes.argmax(1)==y[va]).mean()
specs=[('avg',[12]),('avg',[11,12]),('avg',[10,11,12]),('avg',[9,10,11,12]),('avg',[8,9,10,11,12]),('avg',[6,8,10,12]),('avgn',[10,11,12]),('cat',[11,12]),('cat',[10,12]),('cat',[8,12]),('cat',[6,12])]
if len(sys.argv)>1: specs=eval(sys.argv[1])
for sp in specs:
    F=feat(sp).astype(np.float32)
    accs=[];ks=[]
    for s in range(5):
        tr=np.where(~masks[s])[0]; va=np.where(masks[s])[0]
        accs.append(lr(F,tr,va)); ks.append(knn(F,tr,va))
    print(sp, 'LR s42 %.4f mean %.4f | knn s42 %.4f mean %.4f'%(accs[0],np.mean(accs),ks[0],np.mean(ks)),flush=True)
