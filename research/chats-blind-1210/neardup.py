"""Near-duplicate check, run only after the set was fully written: character-trigram Jaccard
(lower case; spaces dropped, and also spaces + punctuation dropped, the higher value counts) of
every non-small-talk message of chats.jsonl against the "text" of every line of the other chat
sets, the intent / oos training rows and the kb example questions. Prints only this set's
message, the score and the other file's path (never the other text). Exit 1 if a pair >= 0.5."""
import glob, json, os, re, sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PATTERNS = [
    "training-data/chat-dev/*.jsonl",
    "training-data/chat-test/*.jsonl",
    "research/*/chats.jsonl",
    "research/*/messages.jsonl",
    "training-data/intents/*.jsonl",
    "training-data/oos/*.jsonl",
]
THRESH = 0.5


def norms(s):
    s = s.lower()
    return re.sub(r"\s+", "", s), re.sub(r"[\W_]+", "", s)


def tri(s):
    return {s[i:i + 3] for i in range(len(s) - 2)} if len(s) >= 3 else ({s} if s else set())


def jac(x, y):
    return len(x & y) / len(x | y) if x and y else 0.0


mine = []
for line in open(os.path.join(HERE, "chats.jsonl"), encoding="utf-8"):
    r = json.loads(line)
    if "label" not in r:
        mine.append((f"{r['conversation_id']}#{r['turn']}", r["text"], [tri(n) for n in norms(r["text"])]))

refs = []  # (path, trigram sets)
files = []
for p in PATTERNS:
    for f in sorted(glob.glob(os.path.join(ROOT, p))):
        if os.path.dirname(os.path.abspath(f)) == HERE:
            continue
        files.append(f)
no_text = 0
for f in files:
    rel = os.path.relpath(f, ROOT)
    for line in open(f, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        try:
            t = json.loads(line).get("text")
        except Exception:
            t = None
        if not isinstance(t, str):
            no_text += 1
            continue
        refs.append((rel, [tri(n) for n in norms(t)]))
for e in (json.loads(l) for l in open(os.path.join(ROOT, "kb", "default.jsonl"), encoding="utf-8")):
    for q in e["questions"]:
        refs.append(("kb/default.jsonl", [tri(n) for n in norms(q)]))

# inverted index on trigrams of both normalisations, to skip pairs with nothing in common
index = [defaultdict(set), defaultdict(set)]
for i, (_, ts) in enumerate(refs):
    for k in (0, 1):
        for g in ts[k]:
            index[k][g].add(i)

hits, best = [], []
for tag, text, ts in mine:
    top = (0.0, "")
    for k in (0, 1):
        cand = set()
        for g in ts[k]:
            cand |= index[k][g]
        for i in cand:
            s = jac(ts[k], refs[i][1][k])
            if s > top[0]:
                top = (s, refs[i][0])
            if s >= THRESH:
                hits.append((s, tag, text, refs[i][0]))
    best.append((top[0], tag, text, top[1]))

print(f"{len(mine)} non-small-talk messages vs {len(refs)} texts from {len(files)} files + kb "
      f"({no_text} lines without a text field skipped)")
seen = set()
hits.sort(reverse=True)
print(f"pairs >= {THRESH}: {len(hits)}")
for s, tag, text, path in hits:
    if (tag, path, round(s, 3)) in seen:
        continue
    seen.add((tag, path, round(s, 3)))
    print(f"   {s:.3f} {tag} {text!r}  [{path}]")
best.sort(reverse=True)
print("highest per message (top 10):")
for s, tag, text, path in best[:10]:
    print(f"   {s:.3f} {tag} {text!r}  [{path}]")
sys.exit(1 if hits else 0)
