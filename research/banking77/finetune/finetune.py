"""Methods 3-5: fine-tune the top N layers (N<12: from cached hidden states entering layer 12-N) or
all 12 layers (N=12: word embeddings frozen; position/type embeddings + embedding LN train),
mean pool + L2 norm + cosine head (scale S, class vectors initialised at frozen class means) or
a linear head on the normalised pooled vector. AdamW, linear warm-up then linear decay to 0.
Reports val accuracy after each epoch (last epoch is the number that counts), then kNN10/LR on
the fine-tuned pooled embeddings (raw and centred)."""
import argparse
from common import *

ap = argparse.ArgumentParser()
ap.add_argument("--top", type=int, default=2)
ap.add_argument("--lr", type=float, default=1e-4)
ap.add_argument("--head-lr", type=float, default=1e-3)
ap.add_argument("--epochs", type=int, default=4)
ap.add_argument("--bs", type=int, default=32)
ap.add_argument("--warmup", type=float, default=0.1)
ap.add_argument("--wd", type=float, default=0.01)
ap.add_argument("--drop", type=float, default=0.1)
ap.add_argument("--head", default="cos", choices=["cos", "linear"])
ap.add_argument("--scale", type=float, default=20.0)
ap.add_argument("--max-steps", type=int, default=0, help="stop early (timing estimate only)")
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--tag", default="")
ap.add_argument("--save", default="", help="save the fine-tuned layers here (torch .pt) and skip the geometry pass")
a = ap.parse_args()
torch.manual_seed(a.seed)
tag = a.tag or f"top{a.top}_{a.head}_lr{a.lr:g}_ep{a.epochs}"

cfg, w = load_weights()
enc = Encoder(cfg, w, drop=a.drop)
del w
(_, ytr), (_, yva), labels = load_split()
c = torch.load(f"{CACHE}/frozen.pt")
start = 12 - a.top
H = cfg["hidden_size"]
for p in enc.parameters():
    p.requires_grad = False
train_mods = list(enc.layers[start:])
if a.top == 12:
    train_mods += [enc.eln]
    enc.pos.requires_grad = True; enc.tt.requires_grad = True
enc_params = [enc.pos, enc.tt] if a.top == 12 else []
for m in train_mods:
    enc_params += list(m.parameters())
for p in enc_params:
    p.requires_grad = True
if a.top < 12:  # free the unused lower layers
    for i in range(start):
        enc.layers[i] = nn.Identity()


def inputs(split, idx):
    """Padded input to the first trained layer for examples idx of split."""
    d = c[split]
    if a.top == 12:
        ids, m = pad([d["seqs"][i] for i in idx])
        return ids, m
    hs = [d[f"h{start}"][i] for i in idx]
    l = max(h.shape[0] for h in hs)
    x = torch.zeros(len(hs), l, H); m = torch.zeros(len(hs), l, dtype=torch.long)
    for r, h in enumerate(hs):
        x[r, :h.shape[0]] = h; m[r, :h.shape[0]] = 1
    return x, m


def pooled(split, idx):
    x, m = inputs(split, idx)
    if a.top == 12:
        x = enc.embed(x, m)
    return mean_pool(enc.run_layers(x, m, start), m)


# head
emb_tr = c["train"]["emb"]
if a.head == "cos":
    cen = torch.stack([emb_tr[ytr == k].mean(0) for k in range(77)])
    head_w = nn.Parameter(F.normalize(cen, dim=-1).clone())
    logits = lambda e: a.scale * e @ F.normalize(head_w, dim=-1).T
    head_params = [head_w]
else:
    lin = nn.Linear(H, 77)
    logits = lambda e: lin(e * a.scale)
    head_params = list(lin.parameters())

decay = [p for p in enc_params if p.dim() >= 2]
nodecay = [p for p in enc_params if p.dim() < 2]
opt = torch.optim.AdamW([
    {"params": decay, "lr": a.lr, "weight_decay": a.wd},
    {"params": nodecay, "lr": a.lr, "weight_decay": 0.0},
    {"params": head_params, "lr": a.head_lr, "weight_decay": 0.0}])
n_tr = len(ytr)
steps_per_epoch = math.ceil(n_tr / a.bs)
total = steps_per_epoch * a.epochs
warm = max(1, int(a.warmup * total))
sched = torch.optim.lr_scheduler.LambdaLR(
    opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm)))
print(f"[{tag}] trainable encoder params {sum(p.numel() for p in enc_params)/1e6:.2f}M, "
      f"{steps_per_epoch} steps/epoch, {total} steps, warm-up {warm}", flush=True)


def evaluate(split, bs=128):
    enc.eval()
    seqs = c[split]["seqs"]
    out = torch.zeros(len(seqs), H)
    with torch.no_grad():
        for b in batches_by_length(seqs, bs):
            out[b] = pooled(split, b)
    enc.train()
    return out


g = torch.Generator().manual_seed(a.seed)
enc.train()
step = 0
results = {"args": vars(a), "epochs": []}
for ep in range(a.epochs):
    perm = torch.randperm(n_tr, generator=g).tolist()
    t0 = time.time(); tl = 0.0
    for i in range(0, n_tr, a.bs):
        idx = perm[i:i + a.bs]
        loss = F.cross_entropy(logits(pooled("train", idx)), ytr[idx])
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        tl += loss.item(); step += 1
        if step % 50 == 0:
            print(f"  step {step} loss {tl/((i//a.bs)+1):.4f} {(time.time()-t0)/((i//a.bs)+1):.3f}s/step", flush=True)
        if a.max_steps and step >= a.max_steps:
            sps = (time.time() - t0) / step
            print(f"[{tag}] TIMING ONLY: {step} steps, {sps:.3f}s/step -> est {sps*steps_per_epoch/60:.1f} min/epoch "
                  f"(train steps only, excl. eval)", flush=True)
            results["timing_only"] = {"steps": step, "s_per_step": sps, "est_min_per_epoch": sps * steps_per_epoch / 60}
            json.dump(results, open(f"{HERE}/result_{tag}.json", "w"), indent=1)
            raise SystemExit
    t_train = time.time() - t0
    t1 = time.time()
    ev = evaluate("val")
    with torch.no_grad():
        acc = (logits(ev).argmax(-1) == yva).float().mean().item()
    t_eval = time.time() - t1
    r = {"epoch": ep + 1, "val_acc": acc, "train_loss": tl / steps_per_epoch, "train_s": t_train,
         "s_per_step": t_train / steps_per_epoch, "val_eval_s": t_eval}
    results["epochs"].append(r)
    print(f"[{tag}] epoch {ep+1}: val {100*acc:.2f}  loss {r['train_loss']:.4f}  "
          f"train {t_train:.0f}s ({r['s_per_step']:.3f}s/step)  val-eval {t_eval:.0f}s", flush=True)

if a.save:
    torch.save({"start": start, "layers": {k: v.detach().clone() for k, v in enc.layers[start:].state_dict().items()}},
               a.save)
    json.dump(results, open(f"{HERE}/result_{tag}_save.json", "w"), indent=1)
    print(f"saved {a.save}", flush=True)
    raise SystemExit(0)

# geometry of the fine-tuned encoder: kNN / LR on its pooled embeddings (train re-encoded, eval mode)
t1 = time.time()
Etr, Eva = evaluate("train"), evaluate("val")
mu = Etr.mean(0)
Ctr, Cva = F.normalize(Etr - mu, dim=-1), F.normalize(Eva - mu, dim=-1)
geo = {"reencode_train_s": time.time() - t1,
       "knn10_raw": knn_acc(Etr, ytr, Eva, yva, 77), "knn10_centred": knn_acc(Ctr, ytr, Cva, yva, 77),
       "lr50_raw": train_lr(Etr, ytr, Eva, yva, 77)[0], "lr50_centred": train_lr(Ctr, ytr, Cva, yva, 77)[0]}
# OOS-style sanity: mean cosine to nearest train neighbour, val items correct vs wrong (kNN1)
s = Eva @ Etr.T
geo["mean_top1_cos_val"] = s.max(1).values.mean().item()
geo["mean_pairwise_cos_train_sample"] = (Etr[:2000] @ Etr[:2000].T).mean().item()
results["geometry"] = geo
print(f"[{tag}] geometry: " + ", ".join(f"{k} {v:.4f}" for k, v in geo.items()), flush=True)
torch.save({"train": Etr, "val": Eva}, f"{CACHE}/emb_{tag}.pt")
json.dump(results, open(f"{HERE}/result_{tag}.json", "w"), indent=1)
