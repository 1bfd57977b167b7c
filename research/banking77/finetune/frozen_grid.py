"""Small grid on the frozen LR so the baseline is not under-tuned (max over grid is optimistic: picked on val)."""
from common import *
(Xtr, Xva), (Ctr, Cva), ytr, yva, mu = frozen_features()
sd = Xtr.std(0)
Str, Sva = (Xtr - mu) / sd, (Xva - mu) / sd
for name, (a, b) in {"frozen": (Xtr, Xva), "centred": (Ctr, Cva), "standardised": (Str, Sva)}.items():
    for lr in (3e-3, 1e-2, 3e-2):
        for wd in (1e-4, 1e-2):
            for ep in (50, 100):
                acc, t = train_lr(a, ytr, b, yva, 77, epochs=ep, lr=lr, wd=wd)
                print(f"{name} lr={lr} wd={wd} ep={ep}: {100*acc:.2f}", flush=True)
