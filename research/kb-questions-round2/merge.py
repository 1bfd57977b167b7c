import json,glob,difflib,re,unicodedata,sys
def norm(s): return re.sub(r"[\W_]+","",unicodedata.normalize("NFKC",s).lower())
R='/work/main/'
ev=[]
for f in glob.glob(R+'training-data/chat-dev/*.jsonl')+glob.glob(R+'training-data/chat-test/*.jsonl')+glob.glob(R+'training-data/faq-dev/*/*.jsonl')+glob.glob(R+'training-data/heldout/*.jsonl')+glob.glob(R+'training-data/paraphrase/*.jsonl'):
    for l in open(f):
        r=json.loads(l)
        for k in ('text',):
            if isinstance(r.get(k),str): ev.append(norm(r[k]))
kb=[json.loads(l) for l in open(R+'kb/default.jsonl')]
have={norm(q) for e in kb for q in e['questions']}
extra={}
for f in sys.argv[2:]:
    for l in open(f):
        r=json.loads(l); extra[r['id']]=r['zh']+r['en']
drop=0; add=0
for e in kb:
    for q in extra.get(e['id'],[]):
        n=norm(q)
        if n in have: drop+=1; print('dup',q); continue
        m=max((difflib.SequenceMatcher(None,n,x).ratio() for x in ev if abs(len(x)-len(n))<=len(n)*0.6+3),default=0)
        if m>=0.8: drop+=1; print('near-eval',round(m,2),q); continue
        e['questions'].append(q); have.add(n); add+=1
with open(sys.argv[1],'w') as o:
    for e in kb: o.write(json.dumps(e,ensure_ascii=False)+'\n')
print('added',add,'dropped',drop,'missing ids',[e['id'] for e in kb if e['id'] not in extra])
