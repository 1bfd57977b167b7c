"""Writes a Hugging Face style folder with f32 `model.safetensors` from a Triage base-encoder
folder, so the ONNX Runtime peer runs exactly the weights Triage runs: 4-bit `*.q4_0` blocks are
dequantized (same rule as src/model/weights.rs: element j = (nibble - 8) * d, low nibbles first),
f16 / bf16 tensors widened. config.json and tokenizer.json(.gz) are copied.

Usage: python3 export_f32.py TRIAGE_ENCODER_DIR OUT_DIR"""
import gzip, json, os, shutil, struct, sys

import numpy as np
from safetensors.numpy import save_file

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
raw = open(os.path.join(src, "model.safetensors"), "rb").read()
(hlen,) = struct.unpack("<Q", raw[:8])
header = json.loads(raw[8:8 + hlen])
body = raw[8 + hlen:]
tensors = {}
for name, meta in header.items():
    if name == "__metadata__":
        continue
    a, b = meta["data_offsets"]
    buf = body[a:b]
    shape = meta["shape"]
    if name.endswith(".q4_0"):
        rows, nbytes = shape
        blocks = np.frombuffer(buf, np.uint8).reshape(rows, nbytes // 18, 18)
        d = blocks[:, :, :2].copy().view(np.float16).astype(np.float32)  # [rows, nb, 1]
        qs = blocks[:, :, 2:]
        lo = (qs & 0x0F).astype(np.int32) - 8
        hi = (qs >> 4).astype(np.int32) - 8
        vals = np.concatenate([lo, hi], axis=2).astype(np.float32) * d   # [rows, nb, 32]
        tensors[name[:-len(".q4_0")]] = vals.reshape(rows, -1)
    elif meta["dtype"] == "F32":
        tensors[name] = np.frombuffer(buf, np.float32).reshape(shape).copy()
    elif meta["dtype"] == "F16":
        tensors[name] = np.frombuffer(buf, np.float16).reshape(shape).astype(np.float32)
    elif meta["dtype"] == "BF16":
        u = np.frombuffer(buf, np.uint16).astype(np.uint32) << 16
        tensors[name] = u.view(np.float32).reshape(shape).copy()
save_file(tensors, os.path.join(out, "model.safetensors"))
shutil.copy(os.path.join(src, "config.json"), out)
if os.path.exists(os.path.join(src, "tokenizer.json")):
    shutil.copy(os.path.join(src, "tokenizer.json"), out)
else:
    with gzip.open(os.path.join(src, "tokenizer.json.gz"), "rb") as f:
        open(os.path.join(out, "tokenizer.json"), "wb").write(f.read())
print(f"wrote {len(tensors)} tensors to {out}")
