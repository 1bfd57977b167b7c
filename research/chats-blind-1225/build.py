"""chats_src.py → chats.jsonl, ids c25-001…, shuffled with random.Random(1225): research/chat-set-tools/build.py for this folder."""
import os, runpy, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.argv = [sys.argv[0], HERE, "c25", "1225"]
runpy.run_path(os.path.join(HERE, "..", "chat-set-tools", "build.py"), run_name="__main__")
