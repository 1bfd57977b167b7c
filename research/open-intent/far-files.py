"""The two far out-of-scope files of far-run.sh: 300 Bitext customer-service messages (English,
another shop's questions) and 300 CAIS smart-speaker commands (Chinese), deduplicated, seed 7,
every row labelled `oos`.

usage: python3 research/open-intent/far-files.py [OUT_DIR]   (default /tmp/far; needs ../shared)
"""
import json
import random
import sys
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/far")
out.mkdir(parents=True, exist_ok=True)
random.seed(7)
data = Path(__file__).resolve().parents[3] / "shared" / "datasets"


def take(src, n, dst):
    rows = [json.loads(l) for l in open(src)]
    random.shuffle(rows)
    seen = set()
    with open(dst, "w") as f:
        for r in rows:
            t = r["text"].lstrip("\ufeff").strip()
            if t in seen:
                continue
            seen.add(t)
            f.write(json.dumps({"text": t, "label": "oos"}, ensure_ascii=False) + "\n")
            if len(seen) >= n:
                break


take(data / "bitext_cs_8k" / "val.jsonl", 300, out / "far_en.jsonl")
take(data / "cais_intent" / "val.jsonl", 300, out / "far_zh.jsonl")
