import json, random, collections, glob
random.seed(7)
S='/work/shared/datasets'; M='/work/main/training-data'
def load(p): return [json.loads(l) for l in open(p) if l.strip()]
def clean(t): return t.replace('\ufeff','').strip()
groups=[]  # (source, label, text)
def samp(rows, src, per, key='label'):
    by=collections.defaultdict(list)
    for r in rows:
        if r[key] in ('oos',): continue
        by[r[key]].append(clean(r['text']))
    for lab,ts in by.items():
        ts=list(dict.fromkeys(ts)); random.shuffle(ts)
        for t in ts[:per]: groups.append((src,str(lab),t))
samp(load(f'{S}/banking77/train.jsonl'),'b77',40)
samp(load(f'{S}/clinc150/train.jsonl'),'clinc',25)
samp(load(f'{S}/bitext_cs_8k/train.jsonl'),'bitext',40)
samp(load(f'{S}/smp2020_intent/train.jsonl'),'smp',30)
samp(load(f'{S}/cais_intent/train.jsonl'),'cais',40)
own=[]
for p in glob.glob(f'{M}/intents/*_train.jsonl'):
    lang=p.split('/')[-1][:2]
    for r in load(p): own.append({'text':r['text'],'label':r['label'],'lang':lang})
# keep zh/en of the same label in one group (cross-lingual positives)
samp(own,'own',60)
print(collections.Counter(g[0] for g in groups))
atec=load(f'{S}/atec/train.jsonl'); random.shuffle(atec)
pos=[r for r in atec if r['label']==1][:2000]; neg=[r for r in atec if r['label']==0][:2000]
atec=[(clean(r['text_a']),clean(r['text_b']),r['label']) for r in pos+neg]
json.dump({'groups':groups,'atec':atec},open('data.json','w'),ensure_ascii=False)
texts=set(g[2] for g in groups)|set(a for a,_,_ in atec)|set(b for _,b,_ in atec)
# KBs and queries
for kb in [f'/work/main/kb/default.jsonl',f'{M}/faq-dev/tune/kb.jsonl',f'{M}/faq-dev/dev/kb.jsonl']:
    for e in load(kb):
        texts.update(e['questions'])
        a=e['answer']; texts.update(a.values() if isinstance(a,dict) else [a])
for s in ['tune','dev']:
    for r in load(f'{M}/faq-dev/{s}/queries.jsonl'): texts.add(r['text'])
for r in load(f'{M}/chat-dev/chats_tune.jsonl'): texts.add(r['text'])
texts=sorted(t for t in texts if t)
with open('texts.jsonl','w') as f:
    for t in texts: f.write(json.dumps({'text':t},ensure_ascii=False)+'\n')
print(len(texts))
