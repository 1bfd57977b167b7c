"""Write the prototype's exact split (common.load_split, random.Random(42)) to /tmp/ft/split/{train,val}.jsonl."""
import json, os, sys
sys.argv = sys.argv[:1]
from common import load_split
(tr, ytr), (va, yva), labels = load_split()
os.makedirs("/tmp/ft/split", exist_ok=True)
for name, texts, ys in (("train", tr, ytr), ("val", va, yva)):
    with open(f"/tmp/ft/split/{name}.jsonl", "w") as f:
        for t, y in zip(texts, ys.tolist()):
            f.write(json.dumps({"text": t, "label": labels[y]}, ensure_ascii=False) + "\n")
    print(name, len(texts))
