#!/usr/bin/env python3
"""Builds training-data/ for the shipped default model from ../shared/datasets (deterministic).

Writes (JSONL, {"text", "label"}):
  intents/en_train.jsonl, en_val.jsonl   Bitext customer-service intents (CDLA-Sharing 1.0)
  oos/en_oos_{train,val}.jsonl           CLINC150 `oos` + unrelated CLINC150 domains (CC BY 3.0)
  oos/zh_assistant_oos_{train,val}.jsonl samples of SMP2020 / CAIS assistant requests (research use)
  sentiment/{train,val}.jsonl            negative/neutral/positive: zh review samples (waimai_10k,
                                         online_shopping_10_cats, chnsenticorp_htl), en airline
                                         tweets (Figure Eight), neutral = plain service questions
The Chinese intent and oos files (intents/zh_*.jsonl, oos/zh_oos_*.jsonl) were written for the
project by hand and are not generated here.
"""
import json
import random
import sys
import unicodedata
from pathlib import Path

SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets")
OUT = Path(__file__).resolve().parent.parent / "training-data"
rng = random.Random(20261122)

# CLINC150 intents that overlap an e-commerce service bot's job: never use them as out-of-scope.
CLINC_SMALLTALK = {"greeting", "goodbye", "thank_you", "are_you_a_bot", "yes", "no"}
CLINC_OVERLAP = {
    "order", "order_status", "order_checks", "pay_bill", "bill_balance", "bill_due", "cancel",
    "account_blocked", "freeze_account", "damaged_card", "report_lost_card", "new_card",
    "replacement_card_duration", "card_declined", "transactions", "spending_history",
    "expiration_date", "pin_change", "change_user_name", "user_name", "transfer", "balance",
    "redeem_rewards", "rewards_balance", "credit_limit", "credit_limit_change",
    "application_status", "report_fraud", "direct_deposit", "routing", "min_payment",
    "interest_rate", "international_fees", "repeat", "yes", "no", "maybe", "what_can_i_ask_you",
    "shopping_list", "shopping_list_update", "income", "taxes", "apr",
}


def clean(t):
    t = t.replace("\ufeff", "")
    t = "".join(" " if c in "\t\r\n" else c for c in t if c in "\t\r\n" or unicodedata.category(c)[0] != "C")
    return " ".join(unicodedata.normalize("NFKC", t).split())


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    seen, out = set(), []
    for r in rows:
        t = clean(r["text"])
        if t and t not in seen:
            seen.add(t)
            out.append({"text": t, "label": r["label"]})
    with open(path, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{path.relative_to(OUT)}: {len(out)}")
    return out


def sample(rows, n):
    rows = list(rows)
    rng.shuffle(rows)
    return rows[:n]


def main():
    # Intents (en).
    en_train = write(OUT / "intents/en_train.jsonl", [{"text": r["text"], "label": r["label"]} for r in read(SHARED / "bitext_cs_8k/train.jsonl")])
    en_val = write(OUT / "intents/en_val.jsonl", [{"text": r["text"], "label": r["label"]} for r in read(SHARED / "bitext_cs_8k/val.jsonl")])

    # Out-of-scope (en): CLINC oos + a few examples of each unrelated intent.
    def clinc(split, per_intent):
        rows = read(SHARED / f"clinc150/{split}.jsonl")
        oos = [r for r in rows if r["label"] == "oos"]
        by = {}
        for r in rows:
            if r["label"] != "oos" and r["label"] not in CLINC_OVERLAP:
                by.setdefault(r["label"], []).append(r)
        other = [x for k in sorted(by) for x in sample(by[k], per_intent)]
        # Small talk is in scope since the built-in acts (src/smalltalk): drop CLINC's after
        # sampling, so the other intents' samples stay what they were.
        other = [r for r in other if r["label"] not in CLINC_SMALLTALK]
        return [{"text": r["text"], "label": "oos"} for r in oos + other]

    write(OUT / "oos/en_oos_train.jsonl", clinc("train", 4))
    write(OUT / "oos/en_oos_val.jsonl", clinc("val", 2))

    # Out-of-scope (zh): assistant requests (music, weather, navigation, reminders...).
    zh_assist = []
    for d in ["smp2020_intent", "cais_intent"]:
        zh_assist += [r["text"] for r in read(SHARED / f"{d}/train.jsonl")]
    zh_assist = sample(zh_assist, 500)
    write(OUT / "oos/zh_assistant_oos_train.jsonl", [{"text": t, "label": "oos"} for t in zh_assist[:380]])
    write(OUT / "oos/zh_assistant_oos_val.jsonl", [{"text": t, "label": "oos"} for t in zh_assist[380:]])

    # Sentiment.
    def zh_reviews(name, split, n):
        rows = read(SHARED / f"{name}/{split}.jsonl")
        pos = [r for r in rows if int(r["label"]) == 1]
        neg = [r for r in rows if int(r["label"]) == 0]
        pick = sample(pos, n // 2) + sample(neg, n // 2)
        return [{"text": r["text"][:300], "label": "positive" if int(r["label"]) == 1 else "negative"} for r in pick]

    def tweets(split, n_per):
        rows = read(SHARED / f"twitter_airline_sentiment/{split}.jsonl")
        out = []
        for lab in ["negative", "neutral", "positive"]:
            out += sample([r for r in rows if r["label"] == lab], n_per)
        return [{"text": r["text"], "label": r["label"]} for r in out]

    def neutral_from(path, n):
        rows = [r for r in read(path) if r["label"] not in ("complaint", "review")]
        return [{"text": r["text"], "label": "neutral"} for r in sample(rows, n)]

    sent_train = (
        zh_reviews("waimai_10k", "train", 1600)
        + zh_reviews("online_shopping_10_cats", "train", 2400)
        + zh_reviews("chnsenticorp_htl", "train", 600)
        + tweets("train", 1200)
        + neutral_from(OUT / "intents/en_train.jsonl", 800)
        + neutral_from(OUT / "intents/zh_train.jsonl", 700)
    )
    rng.shuffle(sent_train)
    write(OUT / "sentiment/train.jsonl", sent_train)
    write(OUT / "sentiment/zh_val.jsonl", zh_reviews("waimai_10k", "val", 600) + zh_reviews("online_shopping_10_cats", "val", 800))
    write(OUT / "sentiment/en_val.jsonl", tweets("val", 150))
    write(OUT / "sentiment/neutral_val.jsonl", neutral_from(OUT / "intents/en_val.jsonl", 150) + neutral_from(OUT / "intents/zh_val.jsonl", 150))


if __name__ == "__main__":
    main()
