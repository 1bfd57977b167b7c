# aug.py SET K : KB with K of each entry's paraphrases added as example questions; test = the rest
import json,sys,collections
s,k=sys.argv[1],int(sys.argv[2])
base=f'training-data/faq-dev/{s}'
kb=[json.loads(l) for l in open(base+'/kb.jsonl')]
q=[json.loads(l) for l in open(base+'/queries.jsonl')]
by=collections.defaultdict(list)
for r in q:
    if r['faq']: by[r['faq']].append(r)
# fixed test: the last 2 paraphrases of every entry, plus all negatives; learned: the first k
learned={e:[r['text'] for r in rs[:k]] for e,rs in by.items()}
test=[r for rs in by.values() for r in rs[3:]]+[r for r in q if not r['faq']]
with open(f'/tmp/faq-aug/{s}_kb{k}.jsonl','w') as f:
    for e in kb:
        e=dict(e); e['questions']=e['questions']+learned.get(e['id'],[])
        f.write(json.dumps(e,ensure_ascii=False)+'\n')
with open(f'/tmp/faq-aug/{s}_q.jsonl','w') as f:
    for r in test: f.write(json.dumps(r,ensure_ascii=False)+'\n')
