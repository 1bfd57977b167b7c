"""Methods 1-2: LR (and kNN) on frozen mean-pooled normalised embeddings, raw vs centred."""
from common import *
(Xtr, Xva), (Ctr, Cva), ytr, yva, mu = frozen_features()
for name, (a, b) in {"frozen": (Xtr, Xva), "frozen+centred": (Ctr, Cva)}.items():
    print(f"{name}: kNN10 {100*knn_acc(a, ytr, b, yva, 77):.2f}", flush=True)
    for lr, sc in ((1e-2, 1.0), (1e-2, 20.0)):
        acc, t = train_lr(a, ytr, b, yva, 77, epochs=50, lr=lr, scale=sc)
        print(f"{name}: LR 50ep lr={lr} input_scale={sc}: {100*acc:.2f}  ({t:.2f}s/epoch)", flush=True)
