"""One frozen pass over train+val: cache hidden states entering layers 8 and 10 (for top-4 / top-2
fine-tuning) and the final mean-pooled normalised embeddings (frozen baselines)."""
from common import *

cfg, w = load_weights()
enc = Encoder(cfg, w).eval()
tok = load_tokenizer()
(tr, ytr), (va, yva), labels = load_split()
out = {}
for name, texts in (("train", tr), ("val", va)):
    seqs = tokenize(tok, texts)
    h8 = [None] * len(seqs); h10 = [None] * len(seqs); emb = torch.zeros(len(seqs), cfg["hidden_size"])
    t0 = time.time()
    with torch.no_grad():
        for b in batches_by_length(seqs, 64):
            ids, m = pad([seqs[i] for i in b])
            x = enc.run_layers(enc.embed(ids, m), m, 0, 8)
            x8 = x
            x = enc.run_layers(x, m, 8, 10)
            x10 = x
            x = enc.run_layers(x, m, 10, 12)
            e = mean_pool(x, m)
            for r, i in enumerate(b):
                n = len(seqs[i])
                h8[i] = x8[r, :n].clone(); h10[i] = x10[r, :n].clone(); emb[i] = e[r]
    print(f"{name}: {len(seqs)} texts encoded in {time.time()-t0:.1f}s "
          f"(mean {sum(map(len,seqs))/len(seqs):.1f} tokens, max {max(map(len,seqs))})", flush=True)
    out[name] = {"h8": h8, "h10": h10, "emb": emb, "seqs": seqs}
torch.save(out, f"{CACHE}/frozen.pt")
