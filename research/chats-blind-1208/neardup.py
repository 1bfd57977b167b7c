"""Near-duplicate check of this set's non-small-talk messages against the other chat sets
(run only after the set was written). Reads the other files programmatically; prints, per hit,
only this set's message, the score and the other file's path (not the other text)."""
import glob, json, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = "/work/main"
pats = ["training-data/chat-dev/*.jsonl", "training-data/chat-test/*.jsonl",
        "research/*/chats.jsonl", "research/*/messages.jsonl"]
files = sorted({f for p in pats for f in glob.glob(os.path.join(ROOT, p))
                if not f.startswith(HERE + os.sep)})
kb = [q for l in open(os.path.join(ROOT, "kb/default.jsonl"), encoding="utf-8") for q in json.loads(l)["questions"]]

def norms(s):
    return re.sub(r"\s+", " ", s.lower()).strip(), re.sub(r"[\W_]+", "", s.lower())
def tri(s):
    return {s[i:i + 3] for i in range(len(s) - 2)} if len(s) >= 3 else ({s} if s else set())
def jac(x, y):
    return len(x & y) / len(x | y) if x and y else 0.0

refs = [("kb", q) for q in kb]
missing = 0
for f in files:
    for line in open(f, encoding="utf-8"):
        line = line.strip()
        if not line: continue
        try: r = json.loads(line)
        except Exception: continue
        t = r.get("text") if isinstance(r, dict) else None
        if isinstance(t, str): refs.append((os.path.relpath(f, ROOT), t))
        else: missing += 1
ref_tris = [(src, [tri(n) for n in norms(t)]) for src, t in refs]
# index by trigram for speed
from collections import defaultdict
idx = [defaultdict(set), defaultdict(set)]
for i, (_, rt) in enumerate(ref_tris):
    for k in (0, 1):
        for g in rt[k]: idx[k][g].add(i)

mine = [json.loads(l) for l in open(os.path.join(HERE, "chats.jsonl"), encoding="utf-8")]
hits = []; top = []
for r in mine:
    if "label" in r: continue
    nt = [tri(n) for n in norms(r["text"])]
    best = (0.0, None)
    cand = set().union(*(idx[k][g] for k in (0, 1) for g in nt[k])) if any(nt) else set()
    for i in cand:
        s = max(jac(nt[0], ref_tris[i][1][0]), jac(nt[1], ref_tris[i][1][1]))
        if s > best[0]: best = (s, ref_tris[i][0])
        if s >= 0.5: hits.append((s, r["conversation_id"], r["turn"], r["text"], ref_tris[i][0]))
    top.append((best[0], r["conversation_id"], r["turn"], r["text"], best[1]))
print("files compared:", len(files), " reference texts:", len(refs), " rows without text:", missing)
hits.sort(reverse=True)
print("pairs >= 0.5:", len(hits))
for h in hits: print(f"   {h[0]:.3f} {h[1]}#{h[2]} {h[3]!r}  ({h[4]})")
top.sort(reverse=True)
print("highest per message (top 10):")
for h in top[:10]: print(f"   {h[0]:.3f} {h[1]}#{h[2]} {h[3]!r}  ({h[4]})")
sys.exit(1 if hits else 0)
