#!/usr/bin/env python3
"""Turn messages.jsonl into one-turn chat lines.

Usage: python3 to_chats.py messages.jsonl OUT.jsonl

Licence: MIT OR Apache-2.0
"""
import json
import sys


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: python3 to_chats.py messages.jsonl OUT.jsonl")
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
        n = 0
        for line in fin:
            if not line.strip():
                continue
            msg = json.loads(line)
            n += 1
            chat = {
                "conversation_id": f"rd-{n:03d}",
                "turn": 1,
                "text": msg["text"],
                "expected_action": msg["expected"],
            }
            if msg.get("faq") is not None:
                chat["expected_faq"] = [msg["faq"]]
            fout.write(json.dumps(chat, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
