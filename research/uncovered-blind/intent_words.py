import json,re,collections
FILL="了啊呀吧呢哦嘛啦的哈嗯亲喔哟么那"
FW=set("a an the it its it's is are was be this that thats that's then so just now too very to of for and or but i i'm im you me my we all ah ahh oh ohh hmm um uh well anyway anyways tho though also btw lol haha".split())
def is_han(c): return '\u4e00'<=c<='\u9fff'
def pieces(t):
    out=[];han=[];lat=''
    for c in t.lower():
        if is_han(c):
            if lat and re.search('[a-z0-9]',lat): out.append(('L',lat))
            lat=''
            if c in FILL:
                if han: out.append(('H',han)); han=[]
            else: han.append(c)
        elif c.isascii() and (c.isalnum() or c=="'"):
            if han: out.append(('H',han)); han=[]
            lat+=c
        else:
            if han: out.append(('H',han)); han=[]
            if lat and re.search('[a-z0-9]',lat): out.append(('L',lat))
            lat=''
    if han: out.append(('H',han))
    if lat and re.search('[a-z0-9]',lat): out.append(('L',lat))
    return out
def vocab(t):
    v=set()
    for k,p in pieces(t):
        if k=='L': v.add(p)
        elif len(p)==1: v.add(p[0])
        else: v.update(''.join(p[i:i+2]) for i in range(len(p)-1))
    return v
def words(t,known):
    out=[]
    for k,p in pieces(t):
        if k=='L': out.append((p, known(p) or p in FW))
        else:
            pairs=[known(''.join(p[i:i+2])) for i in range(len(p)-1)]
            for i,c in enumerate(p):
                out.append((c, known(c) or (i>0 and pairs[i-1]) or (i<len(pairs) and pairs[i])))
    return out
FILES=["en_train","zh_train","en_chat_train","zh_chat2_train","en_chat2_train","zh_chat3_train","en_chat3_train","zh_problem_train","en_problem_train"]
V=collections.defaultdict(set); DF=collections.Counter()
for f in FILES:
    for l in open('training-data/intents/%s.jsonl'%f):
        r=json.loads(l); V[r['label']].update(vocab(r['text']))
# words known by many intents = generic shop words
cnt=collections.Counter()
for lab,v in V.items():
    for w in v: cnt[w]+=1
def unexplained(text,intent,shared_min=99):
    known=V.get(intent,set())
    ws=words(text, lambda w: w in known or cnt[w]>=shared_min)
    un=[w for w,k in ws if not k]
    return un, len(ws)
