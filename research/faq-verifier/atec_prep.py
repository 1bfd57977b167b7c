"""ATEC pair scorer study, step 1: sample ATEC train/val pairs and write the texts to embed
(with the faq-dev tuning set's queries and KB questions). Seeded."""
import json, random
random.seed(11)
S = '/work/shared/datasets/atec'
def load(p): return [json.loads(l) for l in open(p) if l.strip()]
def clean(t): return t.replace('\ufeff', '').strip()
tr = load(f'{S}/train.jsonl'); random.shuffle(tr)
va = load(f'{S}/val.jsonl'); random.shuffle(va)
tr = [(clean(r['text_a']), clean(r['text_b']), r['label']) for r in tr[:8000]]
va = [(clean(r['text_a']), clean(r['text_b']), r['label']) for r in va[:2000]]
json.dump({'train': tr, 'val': va}, open('/tmp/atec_pairs.json', 'w'), ensure_ascii=False)
texts = {t for a, b, _ in tr + va for t in (a, b)}
M = '/work/main/training-data/faq-dev/tune'
for e in load(f'{M}/kb.jsonl'): texts.update(e['questions'])
for q in load(f'{M}/queries.jsonl'): texts.add(q['text'])
with open('/tmp/atec_texts.jsonl', 'w') as f:
    for t in sorted(t for t in texts if t): f.write(json.dumps({'text': t}, ensure_ascii=False) + '\n')
print(len(texts))
