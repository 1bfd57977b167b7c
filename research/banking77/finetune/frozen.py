"""Methods 1-2: LR (and kNN) on frozen mean-pooled normalised embeddings, raw vs centred."""
from common import *
c = torch.load(f"{CACHE}/frozen.pt")
(_, ytr), (_, yva), labels = load_split()
Xtr, Xva = c["train"]["emb"], c["val"]["emb"]
mu = Xtr.mean(0)
Ctr, Cva = F.normalize(Xtr - mu, dim=-1), F.normalize(Xva - mu, dim=-1)
for name, (a, b) in {"frozen": (Xtr, Xva), "frozen+centred": (Ctr, Cva)}.items():
    print(f"{name}: kNN10 {100*knn_acc(a, ytr, b, yva, 77):.2f}", flush=True)
    for lr, sc in ((1e-2, 1.0), (1e-2, 20.0)):
        acc, t = train_lr(a, ytr, b, yva, 77, epochs=50, lr=lr, scale=sc)
        print(f"{name}: LR 50ep lr={lr} input_scale={sc}: {100*acc:.2f}  ({t:.2f}s/epoch)", flush=True)
