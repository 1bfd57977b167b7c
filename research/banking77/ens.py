import json,numpy as np,sys
def ls(z): z=np.array(z,dtype=np.float64); z=z-z.max(1,keepdims=True); return z-np.log(np.exp(z).sum(1,keepdims=True))
a_name,b_name=sys.argv[1],sys.argv[2]
res={}
for s in [42,1,2,3,4]:
    try:
        A=json.load(open(f'/tmp/b77/dumps/{a_name}_{s}.json')); B=json.load(open(f'/tmp/b77/dumps/{b_name}_{s}.json'))
    except FileNotFoundError: continue
    y=np.array(A['y']); assert A['texts']==B['texts']
    la,lb=ls(A['logits']),ls(B['logits'])
    for w in [0.0,0.3,0.5,0.7,1.0]:
        res.setdefault(w,[]).append(((1-w)*la+w*lb).argmax(1).__eq__(y).mean())
for w,v in res.items(): print(f'w({b_name})={w}: s42 {v[0]:.4f} mean {np.mean(v):.4f} n={len(v)}')
