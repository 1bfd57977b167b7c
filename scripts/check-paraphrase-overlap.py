#!/usr/bin/env python3
"""Checks that a test set (training-data/SET/{en,zh}.jsonl; SET is the first argument, default
`paraphrase`; `heldout` is the other) shares no text with the intent and out-of-scope
training/validation data: exact duplicates and near-duplicates (difflib ratio >= 0.8 after NFKC,
lowercasing and dropping punctuation and spaces). Exits 1 on any hit."""
import json,glob,re,difflib,unicodedata,sys,os
ROOT=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..')
bad=0
SET=sys.argv[1] if len(sys.argv)>1 else 'paraphrase'
def norm(s): return re.sub(r'[\W_]+','',unicodedata.normalize('NFKC',s).lower())
train=[]
for f in glob.glob(ROOT+'/training-data/**/*.jsonl',recursive=True):
  if any(x in f for x in ('paraphrase','heldout','sentiment')): continue
  for l in open(f):
    try: train.append((norm(json.loads(l)['text']),f.split('/')[-1]))
    except: pass
tset={t for t,_ in train}
for lang in ['en','zh']:
  rows=[json.loads(l) for l in open(f'{ROOT}/training-data/{SET}/{lang}.jsonl')]
  exact=[r['text'] for r in rows if norm(r['text']) in tset]
  print(lang,len(rows),'exact dups:',exact)
  near=[]
  pool=[t for t in tset]
  for r in rows:
    n=norm(r['text'])
    best=max(((difflib.SequenceMatcher(None,n,t).ratio(),t) for t in pool if abs(len(t)-len(n))<max(8,len(n)//2)),default=(0,''))
    if best[0]>=0.8: near.append((r['text'],best))
  print(' near (>=0.8):',len(near))
  for x in near: print('  ',x)
  bad+=len(exact)+len(near)
sys.exit(1 if bad else 0)
