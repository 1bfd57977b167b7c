"""The near-duplicate check of README.md: research/chat-set-tools/neardup.py for this folder."""
import os, runpy, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.argv = [sys.argv[0], HERE]
runpy.run_path(os.path.join(HERE, "..", "chat-set-tools", "neardup.py"), run_name="__main__")
