"""Share of each intent reply's words its intent's training examples do not explain.
usage: intent_words_run.py [SHARED] [-v] NAME=PRED_DIR=CHATS... (see evalsets.py)
"""
import evalsets
import json,sys
from intent_words import unexplained
sets=evalsets.sets(sys.argv[1:])
shared=int(sys.argv[1]) if len(sys.argv)>1 and sys.argv[1].isdigit() else 99
for name,(pred,files) in sets.items():
    res=[]
    for r,p in evalsets.load(pred,files):
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
