import re,collections
d=collections.OrderedDict()
for l in open(__import__('os').environ.get('RESULTS','/tmp/b77/results.txt')):
    m=re.match(r'(\S+) seed=(\d+) acc\(vote,novote,ngram\)=(\S+) (\S+) (\S+) time=(\S+)',l)
    if not m: continue
    d.setdefault(m[1],{})[int(m[2])]=(float(m[3]),float(m[6]))
for k,v in d.items():
    accs=[a for a,_ in v.values()]
    print(f"{k:14s} n={len(v)} s42={v.get(42,(float('nan'),))[0]*100:.2f} mean={sum(accs)/len(accs)*100:.2f} per-seed={[round(v[s][0]*100,2) for s in sorted(v)]} t={max(t for _,t in v.values()):.0f}s")
