import json,sys
rows=[]
for f in sys.argv[1:]:
    for l in open(f): rows.append(json.loads(l))
byc={}
for r in rows: byc.setdefault(r['conversation_id'],[]).append(r)
out=open('/tmp/w/cc/prev.jsonl','w')
for cid,ts in byc.items():
    ts.sort(key=lambda r:r['turn'])
    prev=None
    for r in ts:
        if r.get('label'): continue
        if prev is not None:
            p=dict(r); p['text']=prev['text']; out.write(json.dumps(p,ensure_ascii=False)+'\n')
        prev=r
