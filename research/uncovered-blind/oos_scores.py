"""Out-of-scope scores of every intent reply (a serving model on 127.0.0.1:8591).
usage: oos_scores.py NAME=PRED_DIR=CHATS... [--out FILE] (see evalsets.py)
"""
import evalsets
import json,sys,urllib.request
def q(t):
    req=urllib.request.Request('http://127.0.0.1:8591/v1/classify',data=json.dumps({'text':t}).encode(),headers={'content-type':'application/json'})
    return json.load(urllib.request.urlopen(req))
sets=evalsets.sets(sys.argv[1:])
out=[]
for name,(pred,files) in sets.items():
    for r,p in evalsets.load(pred,files):
        if p['action']!='answer' or p['smalltalk'] is not None: continue
        kind='faq' if 'faq_match' in p['reasons'] else 'intent'
        ok = r['expected_action']=='answer' and not p.get('other_need') and (kind=='intent' or not r.get('expected_faq') or p['faq'] in r['expected_faq'])
        x=q(r['text']); o=x['out_of_scope']
        out.append(dict(set=name,kind=kind,ok=ok,score=o['score'],th=o['threshold'],p=o.get('probability'),conf=x['intent']['confidence'],text=r['text']))
json.dump(out,open(sys.argv[sys.argv.index('--out')+1] if '--out' in sys.argv else 'oos_scores.json','w'),ensure_ascii=False)
