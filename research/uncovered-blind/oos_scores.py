import json,sys,urllib.request
def q(t):
    req=urllib.request.Request('http://127.0.0.1:8591/v1/classify',data=json.dumps({'text':t}).encode(),headers={'content-type':'application/json'})
    return json.load(urllib.request.urlopen(req))
def load(pred,files):
    rows={}
    for f in files:
        for l in open(f): r=json.loads(l); rows[(r['conversation_id'],r['turn'])]=r
    return [(rows[(p['conversation_id'],p['turn'])],p) for p in map(json.loads,open(pred+'/predictions.jsonl'))]
D='/work/main/training-data/chat-dev/'
sets={'tune':('/tmp/w/s4_tune',[D+f for f in ['chats_tune.jsonl','chats_tune2_a.jsonl','chats_tune2_b.jsonl','chats_tune3_a.jsonl','chats_tune3_b.jsonl']]),
      'uncov':('/tmp/w/uc1',['/tmp/w/uc.jsonl']),'presale':('/tmp/w/ps_after3',['/tmp/w/presale_chats.jsonl'])}
out=[]
for name,(pred,files) in sets.items():
    for r,p in load(pred,files):
        if p['action']!='answer' or p['smalltalk'] is not None: continue
        kind='faq' if 'faq_match' in p['reasons'] else 'intent'
        ok = r['expected_action']=='answer' and not p.get('other_need') and (kind=='intent' or not r.get('expected_faq') or p['faq'] in r['expected_faq'])
        x=q(r['text']); o=x['out_of_scope']
        out.append(dict(set=name,kind=kind,ok=ok,score=o['score'],th=o['threshold'],p=o.get('probability'),conf=x['intent']['confidence'],text=r['text']))
json.dump(out,open('/tmp/w/oosq.json','w'),ensure_ascii=False)
