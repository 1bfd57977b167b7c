"""Best score of an entry linked to each intent reply's intent (needs target/release/examples/kb_top).
usage: linked_entry_scores.py NAME=PRED_DIR=CHATS... (see evalsets.py)
"""
import evalsets
import json,subprocess,sys
KB={}
for l in open('kb/default.jsonl'):
    r=json.loads(l); KB[r['id']]=r.get('intent')
REL=[{"get_refund","track_refund","check_refund_policy"},{"delivery_options","delivery_period"},{"recover_password","registration_problems","create_account"},{"cancel_order","check_cancellation_fee"}]
def related(a,b): return a==b or any(a in g and b in g for g in REL)
sets=evalsets.sets(sys.argv[1:])
items=[]
for name,(pred,files) in sets.items():
    for r,p in evalsets.load(pred,files):
        if p['action']!='answer' or p['reasons']: continue
        ok = r['expected_action']=='answer' and not p.get('other_need')
        items.append(dict(set=name,ok=ok,intent=p['intent'],text=r['text']))
import tempfile
qfile=tempfile.NamedTemporaryFile('w',suffix='.jsonl',delete=False).name
with open(qfile,'w') as f:
    for it in items: f.write(json.dumps({"text":it['text']},ensure_ascii=False)+"\n")
out=subprocess.run(['target/release/examples/kb_top','models/default','kb/default.jsonl',qfile],capture_output=True,text=True,env={'KB_TOP_N':'51','PATH':'/usr/bin'}).stdout.splitlines()
for it,l in zip(items,out):
    top=json.loads(l)['top']
    best=max((t[1] for t in top if KB.get(t[0]) and related(KB[t[0]],it['intent'])),default=0)
    it['linked']=best; it['top']=top[0][1]
for name in sets:
    for ok in [True,False]:
        s=sorted(round(it['linked'],3) for it in items if it['set']==name and it['ok']==ok)
        print(name,'ok' if ok else 'BAD',len(s),s)
