"""Pairs for the cross-encoder study (research/faq-cross-encoder/README.md).

Writes OUT/train_pairs.jsonl ({"a","b","label"}) from data that is not an evaluation set:
ATEC train (zh question pairs that differ in one detail), kb/default.jsonl (questions of the same
entry vs of a sibling entry: same intent or a shared tag), BANKING77 and CLINC150 train (same
intent vs an intent that shares a word of its name). And OUT/eval_{tune,dev}.jsonl: every faq-dev
query against every question of its three best entries by the shipped matcher (kb_top output,
OUT/top_{tune,dev}.jsonl), and OUT/atec_val.jsonl (800 ATEC val pairs, a sanity check). Run from
the repository root.
"""
import json, random, sys, collections, os

OUT = sys.argv[1]
SHARED = "/work/shared/datasets"
rng = random.Random(7)
pairs = []

# ATEC: natural positive share ~18%; keep 2000 positives and 3000 negatives.
atec = [json.loads(l) for l in open(f"{SHARED}/atec/train.jsonl", encoding="utf-8-sig")]
pos = [r for r in atec if r["label"] == 1]
neg = [r for r in atec if r["label"] == 0]
for r in rng.sample(pos, 2000) + rng.sample(neg, 3000):
    pairs.append((r["text_a"].strip("\ufeff"), r["text_b"], r["label"], "atec"))

# The shipped knowledge base: same entry = 1, sibling entry = 0, other entry = 0.
kb = [json.loads(l) for l in open("kb/default.jsonl")]
for e in kb:
    qs = e["questions"]
    same = [(a, b) for i, a in enumerate(qs) for b in qs[i + 1:]]
    for a, b in rng.sample(same, min(24, len(same))):
        pairs.append((a, b, 1, "kb"))
    sibs = [o for o in kb if o["id"] != e["id"] and (
        (o.get("intent") and o.get("intent") == e.get("intent")) or set(o["tags"]) & set(e["tags"]))]
    for _ in range(24 if sibs else 0):
        o = rng.choice(sibs)
        pairs.append((rng.choice(qs), rng.choice(o["questions"]), 0, "kb-sibling"))
    others = [o for o in kb if o["id"] != e["id"]]
    for _ in range(6):
        o = rng.choice(others)
        pairs.append((rng.choice(qs), rng.choice(o["questions"]), 0, "kb-other"))

def intent_pairs(path, n_pos, n_neg, tag):
    by = collections.defaultdict(list)
    for l in open(path):
        r = json.loads(l)
        if r["label"] != "oos":
            by[r["label"]].append(r["text"])
    labels = sorted(by)
    words = {l: set(l.split("_")) for l in labels}
    near = {l: [o for o in labels if o != l and words[l] & words[o]] for l in labels}
    for _ in range(n_pos):
        l = rng.choice(labels)
        a, b = rng.sample(by[l], 2)
        pairs.append((a, b, 1, tag))
    for _ in range(n_neg):
        l = rng.choice(labels)
        o = rng.choice(near[l] or [x for x in labels if x != l])
        pairs.append((rng.choice(by[l]), rng.choice(by[o]), 0, tag))

intent_pairs(f"{SHARED}/banking77/train.jsonl", 1000, 1000, "b77")
intent_pairs(f"{SHARED}/clinc150/train.jsonl", 500, 500, "clinc")
rng.shuffle(pairs)
os.makedirs(OUT, exist_ok=True)
with open(f"{OUT}/train_pairs.jsonl", "w") as f:
    for a, b, y, src in pairs:
        f.write(json.dumps({"a": a, "b": b, "label": y, "src": src}, ensure_ascii=False) + "\n")
print(len(pairs), collections.Counter((p[3], p[2]) for p in pairs))

for s in ["tune", "dev"]:
    kbq = {json.loads(l)["id"]: json.loads(l)["questions"] for l in open(f"training-data/faq-dev/{s}/kb.jsonl")}
    queries = [json.loads(l) for l in open(f"training-data/faq-dev/{s}/queries.jsonl")]
    tops = [json.loads(l) for l in open(f"{OUT}/top_{s}.jsonl")]
    n = 0
    with open(f"{OUT}/eval_{s}.jsonl", "w") as f:
        for qi, (q, t) in enumerate(zip(queries, tops)):
            assert q["text"] == t["text"]
            for rank, (eid, score, sim, _) in enumerate(t["top"][:3]):
                for qu in kbq[eid]:
                    f.write(json.dumps({"qid": qi, "entry": eid, "rank": rank, "score": score,
                                        "a": q["text"], "b": qu}, ensure_ascii=False) + "\n")
                    n += 1
    print(s, n, "eval pairs")

# A sanity check that the pair model learns at all: 800 pairs of ATEC val.
val = [json.loads(l) for l in open(f"{SHARED}/atec/val.jsonl", encoding="utf-8-sig")]
with open(f"{OUT}/atec_val.jsonl", "w") as f:
    for r in random.Random(3).sample(val, 800):
        f.write(json.dumps({"a": r["text_a"].strip("\ufeff"), "b": r["text_b"], "label": r["label"]},
                           ensure_ascii=False) + "\n")
