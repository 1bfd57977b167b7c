"""Small grid on the frozen LR so the baseline is not under-tuned (max over grid is optimistic: picked on val)."""
from common import *
c = torch.load(f"{CACHE}/frozen.pt")
(_, ytr), (_, yva), labels = load_split()
Xtr, Xva = c["train"]["emb"], c["val"]["emb"]
mu = Xtr.mean(0)
Ctr, Cva = F.normalize(Xtr - mu, dim=-1), F.normalize(Xva - mu, dim=-1)
sd = Xtr.std(0)
Str, Sva = (Xtr - mu) / sd, (Xva - mu) / sd
for name, (a, b) in {"frozen": (Xtr, Xva), "centred": (Ctr, Cva), "standardised": (Str, Sva)}.items():
    for lr in (3e-3, 1e-2, 3e-2):
        for wd in (1e-4, 1e-2):
            for ep in (50, 100):
                acc, t = train_lr(a, ytr, b, yva, 77, epochs=ep, lr=lr, wd=wd)
                print(f"{name} lr={lr} wd={wd} ep={ep}: {100*acc:.2f}", flush=True)
