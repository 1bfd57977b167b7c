import json,sys
sys.path.insert(0,'/tmp/w/iw'); from lib import *
def load(pred,files):
    rows={}
    for f in files:
        for l in open(f): r=json.loads(l); rows[(r['conversation_id'],r['turn'])]=r
    return [(rows[(p['conversation_id'],p['turn'])],p) for p in map(json.loads,open(pred+'/predictions.jsonl'))]
sets={'tune':('/tmp/w/s4_tune',['/work/main/training-data/chat-dev/'+f for f in ['chats_tune.jsonl','chats_tune2_a.jsonl','chats_tune2_b.jsonl','chats_tune3_a.jsonl','chats_tune3_b.jsonl']]),
      'uncov':('/tmp/w/uc0',['/tmp/w/uc.jsonl'])}
shared=int(sys.argv[1]) if len(sys.argv)>1 else 99
for name,(pred,files) in sets.items():
    res=[]
    for r,p in load(pred,files):
        if p['action']!='answer' or p['reasons']: continue   # intent replies only (no faq_match/smalltalk)
        ok = r['expected_action']=='answer' and not p.get('other_need')
        un,n=unexplained(r['text'],p['intent'],shared)
        res.append((ok,len(un)/max(n,1),un,r['text'],p['intent']))
    for th in [0.25,0.34,0.5]:
        okk=sum(1 for o,s,*_ in res if o and s>=th); bad=sum(1 for o,s,*_ in res if not o and s>=th)
        print(name,'intent replies',len(res),'right',sum(o for o,*_ in res),'| share>=%.2f flags right %d wrong %d'%(th,okk,bad))
    if '-v' in sys.argv:
        for o,s,un,t,i in sorted(res,key=lambda x:-x[1]):
            if s>=0.25: print('  ', 'ok ' if o else 'BAD', round(s,2), i, un, '|', t[:70])
