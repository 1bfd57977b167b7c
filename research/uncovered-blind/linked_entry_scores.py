import json,subprocess,sys
KB={}
for l in open('kb/default.jsonl'):
    r=json.loads(l); KB[r['id']]=r.get('intent')
REL=[{"get_refund","track_refund","check_refund_policy"},{"delivery_options","delivery_period"},{"recover_password","registration_problems","create_account"},{"cancel_order","check_cancellation_fee"}]
def related(a,b): return a==b or any(a in g and b in g for g in REL)
def load(pred,files):
    rows={}
    for f in files:
        for l in open(f): r=json.loads(l); rows[(r['conversation_id'],r['turn'])]=r
    return [(rows[(p['conversation_id'],p['turn'])],p) for p in map(json.loads,open(pred+'/predictions.jsonl'))]
D='training-data/chat-dev/'
sets={'tune':('/tmp/w/s6_tune',[D+f for f in ['chats_tune.jsonl','chats_tune2_a.jsonl','chats_tune2_b.jsonl','chats_tune3_a.jsonl','chats_tune3_b.jsonl']]),
      'uncov':('/tmp/w/uc1',['/tmp/w/uc.jsonl']),'presale':('/tmp/w/ps_after3',['/tmp/w/presale_chats.jsonl']),'cancel':('/tmp/w/cb_after2',['/tmp/w/cancel.jsonl'])}
items=[]
for name,(pred,files) in sets.items():
    for r,p in load(pred,files):
        if p['action']!='answer' or p['reasons']: continue
        ok = r['expected_action']=='answer' and not p.get('other_need')
        items.append(dict(set=name,ok=ok,intent=p['intent'],text=r['text']))
with open('/tmp/w/ir_q.jsonl','w') as f:
    for it in items: f.write(json.dumps({"text":it['text']},ensure_ascii=False)+"\n")
out=subprocess.run(['target/release/examples/kb_top','models/default','kb/default.jsonl','/tmp/w/ir_q.jsonl'],capture_output=True,text=True,env={'KB_TOP_N':'51','PATH':'/usr/bin'}).stdout.splitlines()
for it,l in zip(items,out):
    top=json.loads(l)['top']
    best=max((t[1] for t in top if KB.get(t[0]) and related(KB[t[0]],it['intent'])),default=0)
    it['linked']=best; it['top']=top[0][1]
for name in sets:
    for ok in [True,False]:
        s=sorted(round(it['linked'],3) for it in items if it['set']==name and it['ok']==ok)
        print(name,'ok' if ok else 'BAD',len(s),s)
