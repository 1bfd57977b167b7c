"""the counts of README.md: research/chat-set-tools/stats.py for this folder."""
import os, runpy, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.argv = [sys.argv[0], HERE]
runpy.run_path(os.path.join(HERE, "..", "chat-set-tools", "stats.py"), run_name="__main__")
