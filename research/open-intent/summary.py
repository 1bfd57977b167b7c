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
report = json.load(open(d / "eval/report.json"))
s = report["summary"]
manifest = json.load(open(d / "model/manifest.json"))
promise = manifest["metrics"]["thresholds"]["promise"]["overall"]
# As `triage eval` counts them: an answer is right when its intent is the gold label (a small-talk
# reply to a message flagged out of scope is still judged by the act it answered with).
a = report["actions"]
st_answers, st_wrong = a["smalltalk_answers"], a["smalltalk_answers_wrong"]
print(
    f"| {name} | {seed} | {s['accuracy']:.1%} | {s['macro_f1']:.3f} | {s['oos_auroc']:.3f} "
    f"| {s['oos_recall']:.1%} | {s['automation']:.1%} | {s['bot_error']:.2%} "
    f"| {st_answers} ({st_wrong}) | {a['bot_error_without_smalltalk']:.2%} "
    f"| {promise['upper']:.1%} | {secs} s |"
)
