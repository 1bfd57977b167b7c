"""One line per open-intent run (research/open-intent/run.sh): accuracy and macro-F1 (unknown
intents = one more class, "oos"), out-of-scope AUROC and recall, automation, bot error of the
policy's answers on the test file, the small-talk replies among them (built-in acts and the
user intents that cover one; wrong ones in brackets), the bot error of the other answers, the bound
the train summary promised, and the training time.

usage: python3 research/open-intent/summary.py RUN_DIR SET SEED TRAIN_SECONDS
"""
import json
import sys
from pathlib import Path

d, name, seed, secs = sys.argv[1:]
d = Path(d)
root = Path(__file__).resolve().parents[2]
acts = {json.loads(l)["label"] for l in open(root / "src/smalltalk/acts.jsonl")}
s = json.load(open(d / "eval/report.json"))["summary"]
manifest = json.load(open(d / "model/manifest.json"))
promise = manifest["metrics"]["thresholds"]["promise"]["overall"]
# A user intent that covers an act (CLINC150's thank_you for thanks) answers with the act's reply.
acts |= set(manifest.get("smalltalk_aliases", {}))
answers = wrong = st_answers = st_wrong = 0
for line in open(d / "eval/predictions.jsonl"):
    p = json.loads(line)
    if p["action"] != "answer":
        continue
    small_talk = p["intent"] in acts
    bad = p["predicted"] != p["gold"]
    answers += 1
    wrong += bad
    st_answers += small_talk
    st_wrong += small_talk and bad
other = answers - st_answers
print(
    f"| {name} | {seed} | {s['accuracy']:.1%} | {s['macro_f1']:.3f} | {s['oos_auroc']:.3f} "
    f"| {s['oos_recall']:.1%} | {s['automation']:.1%} | {s['bot_error']:.2%} "
    f"| {st_answers} ({st_wrong}) | {(wrong - st_wrong) / max(other, 1):.2%} "
    f"| {promise['upper']:.1%} | {secs} s |"
)
