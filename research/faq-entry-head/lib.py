import json,numpy as np
def load(path,src):
    texts=[json.loads(l)['text'] for l in open(src)]
    embs=[json.loads(l)['embedding'] for l in open(path)]
    assert len(texts)==len(embs)
    return {t:np.array(e,dtype=np.float32) for t,e in zip(texts,embs)}
Q=load('/tmp/fx/q.jsonl','/tmp/fx/texts.jsonl')
D=load('/tmp/fx/d.jsonl','/tmp/fx/docs.jsonl')
KB=[json.loads(l) for l in open('/work/main/kb/default.jsonl')]
IDS=[e['id'] for e in KB]
def turns(f): return [json.loads(l) for l in open(f)]
TOP={}
for f in ['/tmp/top_tune.jsonl','/tmp/top_dev.jsonl']:
    for l in open(f):
        r=json.loads(l); TOP[(r['conversation_id'],r['turn'])]=r
def curve(rows, pred, conf, maxerr=(0.02,0.05)):
    """rows: turn dicts with language; pred: entry id per row; conf: score. per-language best threshold."""
    out={}
    for me in maxerr:
        tot_r=0;tot_w=0
        for lang in ['zh','en']:
            items=[]
            for r,p,c in zip(rows,pred,conf):
                if TOP[(r['conversation_id'],r['turn'])]['language']!=lang: continue
                isfaq = r['expected_action']=='answer' and r.get('expected_faq')
                if isfaq: items.append((c, 1 if p in r['expected_faq'] else -1))
                elif r['expected_action']!='answer': items.append((c,-1))
            items.sort(key=lambda x:-x[0])
            best=(0,0);R=W=0
            for c,v in items:
                if v>0: R+=1
                else: W+=1
                if W<=me*(R+W) and R>best[0]: best=(R,W)
            tot_r+=best[0];tot_w+=best[1]
        out[me]=(tot_r,tot_w)
    return out
