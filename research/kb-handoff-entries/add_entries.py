"""Appends ten handoff entries (topics the sample shop leaves to a person) to a knowledge base.

Their questions are taken from training-data/oos/{zh,en}_shop_oos_train.jsonl (written blind,
filtered against every evaluation text): three Chinese and three English per topic.
usage: add_entries.py KB_IN KB_OUT
"""
import json
import sys

zh = [json.loads(l)["text"] for l in open("training-data/oos/zh_shop_oos_train.jsonl")]
en = [json.loads(l)["text"] for l in open("training-data/oos/en_shop_oos_train.jsonl")]
SPEC = [
    ("loyalty-points", "accounts", [0, 1, 3], [0, 2, 4]),
    ("gift-cards", "billing", [13, 14, 17], [12, 13, 16]),
    ("pay-for-someone", "billing", [26, 29, 31], [25, 28, 30]),
    ("price-match", "billing", [51, 53, 54], [50, 51, 53]),
    ("trade-in", "presale", [56, 57, 59], [56, 57, 58]),
    ("subscriptions", "orders", [73, 74, 75], [74, 75, 76]),
    ("delivery-preferences", "shipping", [79, 80, 84], [80, 81, 85]),
    ("customs-clearance", "shipping", [91, 93, 94], [92, 94, 95]),
    ("gift-wrapping", "orders", [20, 21, 23], [19, 20, 22]),
    ("store-pickup", "presale", [38, 39, 40], [37, 38, 39]),
]
with open(sys.argv[2], "w") as out:
    out.write(open(sys.argv[1]).read())
    for id, queue, zi, ei in SPEC:
        e = {"id": id, "questions": [zh[i] for i in zi] + [en[i] for i in ei],
             "handoff": {"queue": queue}}
        out.write(json.dumps(e, ensure_ascii=False) + "\n")
