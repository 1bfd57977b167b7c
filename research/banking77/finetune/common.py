"""Shared pieces: Q4_0 dequant, plain-PyTorch XLM-R/BERT encoder, tokenizer, data split.
Throwaway prototype for research/banking77/finetune (not production code)."""
import gzip, json, math, os, random, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors import safe_open
from tokenizers import Tokenizer

torch.set_num_threads(2)
MODEL_DIR = "/work/main/models/base/multilingual-e5-small"
DATA = "/work/shared/datasets/banking77/train.jsonl"
HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = "/tmp/b77ft_cache"
os.makedirs(CACHE, exist_ok=True)
PREFIX = "query: "
MAX_TOKENS = 128


def dequant_q4_0(u8: np.ndarray, cols: int) -> np.ndarray:
    """ggml Q4_0: blocks of 18 bytes = f16 scale d + 16 bytes; elem j = (lo_j-8)d, elem j+16 = (hi_j-8)d."""
    rows = u8.shape[0]
    b = u8.reshape(rows, cols // 32, 18)
    d = b[:, :, :2].copy().view(np.float16).astype(np.float32)  # [rows, nb, 1]
    qs = b[:, :, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    q = np.concatenate([lo, hi], axis=2).astype(np.float32)  # [rows, nb, 32]
    return (q * d).reshape(rows, cols)


def load_weights():
    cfg = json.load(open(os.path.join(MODEL_DIR, "config.json")))
    out = {}
    with safe_open(os.path.join(MODEL_DIR, "model.safetensors"), "np") as f:
        for k in f.keys():
            t = f.get_tensor(k)
            if k.endswith(".q4_0"):
                cols = t.shape[1] // 18 * 32
                out[k[: -len(".q4_0")]] = torch.from_numpy(dequant_q4_0(t, cols))
            else:
                out[k] = torch.from_numpy(t.astype(np.float32))
    return cfg, out


class Layer(nn.Module):
    """Post-LN BERT layer: x = LN(x + Attn(x)); x = LN(x + W2 gelu_erf(W1 x))."""

    def __init__(self, h, heads, inter, eps, drop=0.0):
        super().__init__()
        self.h, self.nh = h, heads
        self.drop = nn.Dropout(drop)  # BERT-style: on attention probs and on both sublayer outputs (train only)
        self.q, self.k, self.v, self.o = (nn.Linear(h, h) for _ in range(4))
        self.ln1 = nn.LayerNorm(h, eps=eps)
        self.i = nn.Linear(h, inter)
        self.out = nn.Linear(inter, h)
        self.ln2 = nn.LayerNorm(h, eps=eps)

    def forward(self, x, bias):  # bias: [b,1,1,l] 0 / -1e9
        b, l, h = x.shape
        dh = h // self.nh
        sp = lambda t: t.view(b, l, self.nh, dh).transpose(1, 2)
        q, k, v = sp(self.q(x)), sp(self.k(x)), sp(self.v(x))
        s = q @ k.transpose(-1, -2) / math.sqrt(dh) + bias
        ctx = (self.drop(s.softmax(-1)) @ v).transpose(1, 2).reshape(b, l, h)
        a = self.ln1(self.drop(self.o(ctx)) + x)
        return self.ln2(self.drop(self.out(F.gelu(self.i(a)))) + a)  # F.gelu default = exact erf


class Encoder(nn.Module):
    def __init__(self, cfg, w, drop=0.0):
        super().__init__()
        h = cfg["hidden_size"]
        eps = cfg["layer_norm_eps"]
        self.pos_offset = cfg["pad_token_id"] + 1 if cfg["model_type"] == "xlm-roberta" else 0
        self.word = nn.Embedding.from_pretrained(w["embeddings.word_embeddings.weight"], freeze=True)
        self.pos = nn.Parameter(w["embeddings.position_embeddings.weight"])
        self.tt = nn.Parameter(w["embeddings.token_type_embeddings.weight"])
        self.eln = nn.LayerNorm(h, eps=eps)
        self.eln.weight.data, self.eln.bias.data = w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]
        self.edrop = nn.Dropout(drop)
        self.layers = nn.ModuleList()
        for i in range(cfg["num_hidden_layers"]):
            L = Layer(h, cfg["num_attention_heads"], cfg["intermediate_size"], eps, drop)
            p = f"encoder.layer.{i}."
            m = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
                 "o": "attention.output.dense", "ln1": "attention.output.LayerNorm",
                 "i": "intermediate.dense", "out": "output.dense", "ln2": "output.LayerNorm"}
            for a, n in m.items():
                getattr(L, a).weight.data = w[p + n + ".weight"].contiguous()
                getattr(L, a).bias.data = w[p + n + ".bias"].contiguous()
            self.layers.append(L)

    @staticmethod
    def mask_bias(mask):
        return ((1.0 - mask.float()) * -1e9)[:, None, None, :]

    def embed(self, ids, mask):
        l = ids.shape[1]
        x = self.word(ids) + self.pos[self.pos_offset:self.pos_offset + l][None] + self.tt[0]
        return self.edrop(self.eln(x))

    def run_layers(self, x, mask, start=0, end=None):
        bias = self.mask_bias(mask)
        for L in self.layers[start:end]:
            x = L(x, bias)
        return x


def mean_pool(hs, mask, normalize=True):
    m = mask.unsqueeze(-1).to(hs.dtype)
    v = (hs * m).sum(1) / m.sum(1).clamp(min=1.0)
    return F.normalize(v, dim=-1, eps=1e-12) if normalize else v


def load_tokenizer():
    tok = Tokenizer.from_str(gzip.open(os.path.join(MODEL_DIR, "tokenizer.json.gz"), "rt").read())
    tok.no_padding()
    tok.no_truncation()
    tok.enable_truncation(MAX_TOKENS)
    return tok


def tokenize(tok, texts):
    return [e.ids for e in tok.encode_batch([PREFIX + t for t in texts])]


def pad(seqs, pad_id=1):
    l = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), l), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), l), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
    return ids, mask


def load_split(seed=42, frac=0.1):
    """Drop exact duplicate texts (first occurrence kept), stratified 10% val per label, fixed seed."""
    seen, rows = set(), []
    for line in open(DATA):
        r = json.loads(line)
        if r["text"] in seen:
            continue
        seen.add(r["text"])
        rows.append(r)
    labels = sorted({r["label"] for r in rows})
    lid = {l: i for i, l in enumerate(labels)}
    rng = random.Random(seed)
    tr, va = [], []
    for l in labels:
        g = [r for r in rows if r["label"] == l]
        rng.shuffle(g)
        nv = min(max(1, round(len(g) * frac)), len(g) - 1)
        va += g[:nv]
        tr += g[nv:]
    f = lambda rs: ([r["text"] for r in rs], torch.tensor([lid[r["label"]] for r in rs]))
    return f(tr), f(va), labels


def frozen_features():
    """The cached frozen embeddings of the split (cache.py): raw and centred on the training mean.
    Returns (Xtr, Xva), (Ctr, Cva), ytr, yva, mu."""
    c = torch.load(f"{CACHE}/frozen.pt")
    (_, ytr), (_, yva), _ = load_split()
    Xtr, Xva = c["train"]["emb"], c["val"]["emb"]
    mu = Xtr.mean(0)
    Ctr, Cva = F.normalize(Xtr - mu, dim=-1), F.normalize(Xva - mu, dim=-1)
    return (Xtr, Xva), (Ctr, Cva), ytr, yva, mu


def batches_by_length(seqs, bs):
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    return [order[i:i + bs] for i in range(0, len(order), bs)]


def train_lr(Xtr, ytr, Xva, yva, n_cls, epochs=50, lr=1e-2, wd=1e-4, bs=64, seed=0, scale=1.0):
    """Multinomial logistic regression on fixed features, AdamW, fixed epochs, last epoch reported."""
    g = torch.Generator().manual_seed(seed)
    W = nn.Linear(Xtr.shape[1], n_cls)
    opt = torch.optim.AdamW(W.parameters(), lr=lr, weight_decay=wd)
    t0 = time.time()
    for ep in range(epochs):
        perm = torch.randperm(len(Xtr), generator=g)
        for i in range(0, len(perm), bs):
            j = perm[i:i + bs]
            loss = F.cross_entropy(W(Xtr[j] * scale), ytr[j])
            opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        acc = (W(Xva * scale).argmax(-1) == yva).float().mean().item()
    return acc, (time.time() - t0) / epochs


def knn_acc(Xtr, ytr, Xva, yva, n_cls, k=10):
    """Cosine kNN (inputs L2-normalised), plain majority vote over k neighbours, ties -> nearest-ranked sum of sims."""
    s = Xva @ Xtr.T
    top, idx = s.topk(k, dim=1)
    votes = torch.zeros(len(Xva), n_cls)
    votes.scatter_add_(1, ytr[idx], torch.ones_like(top) + 1e-3 * top)
    return (votes.argmax(1) == yva).float().mean().item()
