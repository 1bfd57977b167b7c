import json,sys
D='training-data/chat-dev/'
files=sys.argv[1:]
rows=[]
for f in files:
    for l in open(f): rows.append(json.loads(l))
byc={}
for r in rows: byc.setdefault(r['conversation_id'],[]).append(r)
out_a=open('/tmp/w/cc/alone.jsonl','w'); out_c=open('/tmp/w/cc/ctx.jsonl','w')
for cid,ts in byc.items():
    ts.sort(key=lambda r:r['turn'])
    prev=None
    for r in ts:
        if r.get('label'): continue
        if prev is not None:
            a=dict(r); out_a.write(json.dumps(a,ensure_ascii=False)+'\n')
            c=dict(r); c['text']=prev['text']+' '+r['text']; out_c.write(json.dumps(c,ensure_ascii=False)+'\n')
        prev=r
