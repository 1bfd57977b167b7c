from m4 import *
import time
def adam_fit(X,y,K,C,iters,lr):
    n,d=X.shape; lam=1/(C*n)
    W=np.zeros((K,d),np.float32); b=np.zeros(K,np.float32)
    mW=np.zeros_like(W);vW=np.zeros_like(W);mb=np.zeros_like(b);vb=np.zeros_like(b)
    Y=np.zeros((n,K),np.float32); Y[np.arange(n),y]=1
    for t in range(1,iters+1):
        Z=X@W.T+b; Z-=Z.max(1,keepdims=True); P=np.exp(Z); P/=P.sum(1,keepdims=True)
        G=(P-Y)/n
        gW=G.T@X+lam*W; gb=G.sum(0)
        for p,g,m,v in ((W,gW,mW,vW),(b,gb,mb,vb)):
            m*=0.9; m+=0.1*g; v*=0.999; v+=0.001*g*g
            p-=lr*(m/(1-0.9**t))/(np.sqrt(v/(1-0.999**t))+1e-8)
    return W,b
class Wrap:
    def __init__(s,W,b): s.W=W;s.b=b;s.classes_=np.arange(W.shape[0])
    def predict_proba(s,X):
        Z=X@s.W.T+s.b; Z-=Z.max(1,keepdims=True); P=np.exp(Z); return P/P.sum(1,keepdims=True)
X=[];y=[]
for i,e in enumerate(KB):
    for q in e['questions']: X.append(Q[q]); y.append(i)
for v,l in zip(BANK,BL):
    if l in HAND: X.append(v); y.append(NONE)
X=np.array(X,np.float32);y=np.array(y)
rows=turns('/tmp/alltune.jsonl')
for iters,lr in [(100,0.05),(200,0.05),(300,0.05),(300,0.1),(500,0.1)]:
    t=time.time(); W,b=adam_fit(X,y,NONE+1,30,iters,lr); dt=time.time()-t
    print(iters,lr,round(dt,2),evalc(Wrap(W,b),rows,0.2),flush=True)
