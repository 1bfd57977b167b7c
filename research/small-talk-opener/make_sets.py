"""Validation messages with small talk in front (research/small-talk-opener/README.md).

python3 research/small-talk-opener/make_sets.py OUT   (from the repository root)
Writes OUT/plain.jsonl (the labelled validation messages as they are), OUT/pre.jsonl (a random
opener of the first list in front, seed 11), OUT/confirm.jsonl (one of confirm_prefixes.json,
seed 5), and the same with small talk at the end: OUT/suffix.jsonl (seed 21) and
OUT/suffix_confirm.jsonl (confirm_suffixes.json, seed 23).
"""
import json, os, random, sys

OUT = sys.argv[1]
FILES = [
    "training-data/oos/en_oos_val.jsonl", "training-data/oos/zh_oos_val.jsonl",
    "training-data/oos/zh_assistant_oos_val.jsonl", "training-data/intents/en_chat_val.jsonl",
    "training-data/intents/zh_chat3_val.jsonl", "training-data/intents/en_chat3_val.jsonl",
    "training-data/intents/zh_problem_val.jsonl", "training-data/intents/en_problem_val.jsonl",
]
FIRST = {"en": ["hi, ", "hello! ", "hey there, ", "lol ok. ", "ok thanks. also ", "hmm, ",
                "good morning, ", "thx. one more thing: "],
         "zh": ["你好，", "在吗 ", "亲，", "好的 谢谢。另外", "哈哈 ", "早上好，", "嗯嗯 还有个问题 "]}
HERE = os.path.dirname(__file__)
CONFIRM = json.load(open(os.path.join(HERE, "confirm_prefixes.json")))
SUFFIX = {"en": [" thanks", " thx!", " pls", " 🙏", " ok?", " thank you so much", " lol"],
          "zh": [" 谢谢", "，谢谢亲", " 麻烦了", "🙏", " 好吗", " 哈哈", "～谢啦"]}
SUFFIX_CONFIRM = json.load(open(os.path.join(HERE, "confirm_suffixes.json")))


def zh(t):
    return any("\u4e00" <= c <= "\u9fff" for c in t)


plain = [json.loads(l) for f in FILES for l in open(f)]
os.makedirs(OUT, exist_ok=True)
for name, lists, seed, front in (("plain", None, 0, True), ("pre", FIRST, 11, True),
                                 ("confirm", CONFIRM, 5, True), ("suffix", SUFFIX, 21, False),
                                 ("suffix_confirm", SUFFIX_CONFIRM, 23, False)):
    rng = random.Random(seed)
    with open(f"{OUT}/{name}.jsonl", "w") as f:
        for r in plain:
            if lists:
                extra = rng.choice(lists["zh" if zh(r["text"]) else "en"])
                r = dict(r, text=extra + r["text"] if front else r["text"] + extra)
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
