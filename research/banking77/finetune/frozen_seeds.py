"""Head-seed noise of the fixed frozen LR configs (50 ep, lr 1e-2, wd 1e-4), seeds 0-4."""
from common import *
c = torch.load(f"{CACHE}/frozen.pt")
(_, ytr), (_, yva), labels = load_split()
Xtr, Xva = c["train"]["emb"], c["val"]["emb"]
mu = Xtr.mean(0)
Ctr, Cva = F.normalize(Xtr - mu, dim=-1), F.normalize(Xva - mu, dim=-1)
for name, (a, b) in {"frozen": (Xtr, Xva), "frozen+centred": (Ctr, Cva)}.items():
    accs = [100 * train_lr(a, ytr, b, yva, 77, seed=s)[0] for s in range(5)]
    print(name, " ".join(f"{x:.2f}" for x in accs), f"mean {sum(accs)/5:.2f}", flush=True)
