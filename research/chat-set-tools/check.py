"""Quality checks for a blind set's chats.jsonl (reads only that folder, the kb and the chat-dev
README). Usage: check.py SET_DIR PREFIX (each set's own check.py calls it)."""
import json, re, os, sys
from collections import Counter, defaultdict

HERE, PREFIX = os.path.abspath(sys.argv[1]), sys.argv[2]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
KB = os.path.join(ROOT, "kb", "default.jsonl")
README = os.path.join(ROOT, "training-data", "chat-dev", "README.md")
LABELS = {"greeting", "are_you_there", "thanks", "goodbye", "affirm", "deny", "bot_identity", "emoji"}
ACTIONS = {"answer", "clarify", "handoff"}
REASONS = {"user_requested", "sensitive_intent", "negative_sentiment", "out_of_scope", "repeated_failure", "handoff_active"}
KEYS = {"conversation_id", "turn", "text", "expected_action", "label", "expected_faq", "expected_reasons", "vip"}

errors = []
def err(msg): errors.append(msg)

kb = [json.loads(l) for l in open(KB, encoding="utf-8")]
kb_ids = {e["id"] for e in kb}
kb_questions = [q for e in kb for q in e["questions"]]

readme = open(README, encoding="utf-8").read()
readme_ex = set(re.findall(r'"([^"\n]{2,})"', readme))
# bare examples listed in parentheses, e.g. (转人工, 人工客服, ...)
for grp in re.findall(r"\(([^()\n]{2,})\)", readme):
    for item in re.split(r",\s*|、", grp):
        item = item.strip().strip('`"')
        if len(item) >= 2:
            readme_ex.add(item)
readme_ex = sorted(readme_ex)

rows = []
for i, line in enumerate(open(os.path.join(HERE, "chats.jsonl"), encoding="utf-8"), 1):
    try:
        rows.append(json.loads(line))
    except Exception as e:
        err(f"line {i}: invalid JSON ({e})")

# structure: contiguous chats, consecutive turns
seen_done = set(); prev = None; expect_turn = 1
chats = defaultdict(list)
for r in rows:
    extra = set(r) - KEYS
    if extra: err(f"{r['conversation_id']}#{r['turn']}: unknown keys {extra}")
    cid = r["conversation_id"]
    if cid != prev:
        if cid in seen_done: err(f"{cid}: rows not contiguous")
        if prev is not None: seen_done.add(prev)
        prev = cid; expect_turn = 1
    if r["turn"] != expect_turn: err(f"{cid}: turn {r['turn']} expected {expect_turn}")
    expect_turn += 1
    chats[cid].append(r)
ids = list(chats)
if ids != [f"{PREFIX}-{n:03d}" for n in range(1, len(ids) + 1)]: err(f"conversation ids not {PREFIX}-001.. in order")

for cid, turns in chats.items():
    handed = False
    vips = {t.get("vip") for t in turns}
    if len(vips) > 1: err(f"{cid}: vip on some turns only")
    if any(t.get("vip") not in (None, True) for t in turns): err(f"{cid}: vip must be true or absent")
    for t in turns:
        tag = f"{cid}#{t['turn']}"
        a = t["expected_action"]
        if a not in ACTIONS: err(f"{tag}: bad action {a}")
        lab, faq, rs = t.get("label"), t.get("expected_faq"), t.get("expected_reasons")
        if lab is not None and lab not in LABELS: err(f"{tag}: bad label {lab}")
        if rs is not None:
            if not rs or any(x not in REASONS for x in rs): err(f"{tag}: bad reasons {rs}")
        if faq is not None:
            if not faq or any(f not in kb_ids for f in faq): err(f"{tag}: unknown faq {faq}")
        if lab is not None and faq is not None: err(f"{tag}: small talk with expected_faq")
        if handed:
            if a != "handoff" or rs != ["handoff_active"]: err(f"{tag}: after handoff must be handoff/handoff_active")
            if faq is not None: err(f"{tag}: faq after handoff")
        else:
            if rs == ["handoff_active"]: err(f"{tag}: handoff_active before any handoff")
            if lab is not None and a != "answer": err(f"{tag}: small talk before handoff must be answer")
            if a == "answer" and lab is None and not faq: err(f"{tag}: non-small-talk answer without expected_faq")
            if a != "answer" and faq is not None: err(f"{tag}: expected_faq on a {a} turn")
            if a == "clarify":
                nxt = [x for x in turns if x["turn"] == t["turn"] + 1]
                if not nxt or nxt[0]["expected_action"] != "answer" or not nxt[0].get("expected_faq"):
                    err(f"{tag}: clarify not followed by an answer turn with its FAQ")
            if a == "handoff": handed = True

# similarity
def norms(s):
    a = re.sub(r"\s+", " ", s.lower()).strip()
    b = re.sub(r"[\W_]+", "", s.lower())
    return a, b
def tri(s):
    return {s[i:i + 3] for i in range(len(s) - 2)} if len(s) >= 3 else ({s} if s else set())
def jac(x, y):
    return len(x & y) / len(x | y) if x and y else 0.0
def sim(s, t):
    return max(jac(tri(p), tri(q)) for p, q in zip(norms(s), norms(t)))

refs = [("kb", q) for q in kb_questions] + [("readme", q) for q in readme_ex]
ref_tris = [(src, q, [tri(n) for n in norms(q)]) for src, q in refs]
non_st = [r for r in rows if "label" not in r]
best = []
for r in non_st:
    nt = [tri(n) for n in norms(r["text"])]
    m = max(((max(jac(nt[0], rt[0]), jac(nt[1], rt[1])), src, q) for src, q, rt in ref_tris), key=lambda x: x[0])
    best.append((m[0], r["conversation_id"], r["turn"], r["text"], m[1], m[2]))
    if m[0] >= 0.5: err(f"{r['conversation_id']}#{r['turn']}: trigram {m[0]:.2f} with {m[1]} '{m[2]}'")
best.sort(reverse=True)

# repeats within the set
def key(s): return re.sub(r"[\W_]+", "", s.lower())
cnt = Counter(key(r["text"]) for r in non_st)
for k, c in cnt.items():
    if c > 1: err(f"repeated non-small-talk message: {k}")
inner = []
for i in range(len(non_st)):
    for j in range(i + 1, len(non_st)):
        s = sim(non_st[i]["text"], non_st[j]["text"])
        inner.append((s, non_st[i]["text"], non_st[j]["text"]))
inner.sort(reverse=True)

# language check against the writer's per-chat tag
langs = json.load(open(os.path.join(HERE, "languages.json")))
def msg_lang(s):
    cjk = bool(re.search(r"[\u4e00-\u9fff]", s))
    # ignore latin inside emails / order codes
    s2 = re.sub(r"\S+@\S+|(?<![A-Za-z])[A-Z]{1,3}\d+|\[图片\]", "", s)
    words = re.findall(r"[A-Za-z]{2,}", s2)
    return "mixed" if cjk and words else ("zh" if cjk else ("en" if words else "none"))
for cid, turns in chats.items():
    ml = [msg_lang(t["text"]) for t in turns]
    got = "mixed" if "mixed" in ml else ("mixed" if {"zh", "en"} <= set(ml) else ("zh" if "zh" in ml else "en"))
    if got != langs[cid]: err(f"{cid}: language tag {langs[cid]} but messages look {got} {ml}")

# report
print("rows", len(rows), "chats", len(chats))
print("errors:", len(errors))
for e in errors: print("  ", e)
print("highest trigram similarity to kb/README examples:")
for b in best[:8]: print(f"   {b[0]:.3f} {b[1]}#{b[2]} {b[3]!r} ~ {b[4]} {b[5]!r}")
print("highest trigram similarity between two non-small-talk messages of the set:")
for b in inner[:5]: print(f"   {b[0]:.3f} {b[1]!r} ~ {b[2]!r}")
print("README examples compared:", len(readme_ex), " kb questions:", len(kb_questions))
sys.exit(1 if errors else 0)
