"""Near-duplicate check, run only after the set was written: character-trigram Jaccard (lower
case; spaces dropped, and separately all spaces/punctuation dropped, the higher value counts) of
every non-small-talk message of chats.jsonl against the "text" fields of the other chat sets and
the intent / out-of-scope training rows, plus the kb example questions. The other files are read
programmatically only; the script prints this set's message, the score and the other file's path,
never the other text. Exit 1 if any pair reaches 0.5. Usage: neardup.py SET_DIR (each set's own
neardup.py calls it)."""
import glob, json, os, re, sys
from collections import defaultdict

HERE = os.path.abspath(sys.argv[1])
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PATTERNS = ["training-data/chat-dev/*.jsonl", "training-data/chat-test/*.jsonl",
            "research/*/chats.jsonl", "research/*/messages.jsonl",
            "training-data/intents/*.jsonl", "training-data/oos/*.jsonl"]
LIMIT = 0.5

def norms(s):
    s = s.lower()
    return re.sub(r"\s+", "", s), re.sub(r"[\W_]+", "", s)
def tri(s):
    return frozenset(s[i:i + 3] for i in range(len(s) - 2)) if len(s) >= 3 else (frozenset([s]) if s else frozenset())
def jac(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0

others = []  # (path, trigram sets)
files = []
for pat in PATTERNS:
    for p in sorted(glob.glob(os.path.join(ROOT, pat))):
        if os.path.dirname(os.path.abspath(p)) == HERE:
            continue
        files.append(p)
        for line in open(p, encoding="utf-8"):
            line = line.strip()
            if not line:
                continue
            try:
                t = json.loads(line).get("text")
            except Exception:
                continue
            if isinstance(t, str) and t:
                others.append((os.path.relpath(p, ROOT), tuple(tri(n) for n in norms(t))))
for line in open(os.path.join(ROOT, "kb", "default.jsonl"), encoding="utf-8"):
    for q in json.loads(line)["questions"]:
        others.append(("kb/default.jsonl", tuple(tri(n) for n in norms(q))))

# inverted index on trigrams of the spaces-dropped form and the punctuation-dropped form
index = [defaultdict(set), defaultdict(set)]
for i, (_, ts) in enumerate(others):
    for k in (0, 1):
        for g in ts[k]:
            index[k][g].add(i)

rows = [json.loads(l) for l in open(os.path.join(HERE, "chats.jsonl"), encoding="utf-8")]
mine = [r for r in rows if "label" not in r]
hits, best = [], []
for r in mine:
    ts = tuple(tri(n) for n in norms(r["text"]))
    top = (0.0, "")
    for k in (0, 1):
        cand = set()
        for g in ts[k]:
            cand |= index[k][g]
        for i in cand:
            s = jac(ts[k], others[i][1][k])
            if s > top[0]:
                top = (s, others[i][0])
            if s >= LIMIT:
                hits.append((s, f"{r['conversation_id']}#{r['turn']}", r["text"], others[i][0]))
    best.append((top[0], f"{r['conversation_id']}#{r['turn']}", r["text"], top[1]))

print(f"{len(mine)} non-small-talk messages vs {len(others)} texts from {len(files)} files + kb")
dedup = {}
for s_, tag, text, path in hits:  # one line per (message, file): the higher of the two forms
    k = (tag, path)
    if s_ > dedup.get(k, (0,))[0]:
        dedup[k] = (s_, tag, text, path)
hits = sorted(dedup.values(), reverse=True)
print(f"pairs >= {LIMIT}: {len(hits)}")
for s, tag, text, path in hits:
    print(f"   {s:.3f} {tag} {text!r} ~ {path}")
best.sort(reverse=True)
print("highest per message:")
for s, tag, text, path in best[:10]:
    print(f"   {s:.3f} {tag} {text!r} ~ {path}")
sys.exit(1 if hits else 0)
