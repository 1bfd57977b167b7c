"""Head-seed noise of the fixed frozen LR configs (50 ep, lr 1e-2, wd 1e-4), seeds 0-4."""
from common import *
(Xtr, Xva), (Ctr, Cva), ytr, yva, mu = frozen_features()
for name, (a, b) in {"frozen": (Xtr, Xva), "frozen+centred": (Ctr, Cva)}.items():
    accs = [100 * train_lr(a, ytr, b, yva, 77, seed=s)[0] for s in range(5)]
    print(name, " ".join(f"{x:.2f}" for x in accs), f"mean {sum(accs)/5:.2f}", flush=True)
