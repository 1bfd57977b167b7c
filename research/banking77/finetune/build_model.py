"""Write an HF-style encoder folder with every base tensor as plain F32 (Q4_0 dequantised, `.q4_0` suffix dropped),
optionally replacing layers 8-11 with fine-tuned weights from /tmp/ft/ft_layers.pt.
usage: python3 build_model.py OUT_DIR [FT_LAYERS.pt]"""
import json, os, shutil, sys
import numpy as np, torch
from safetensors import safe_open
from safetensors.numpy import save_file
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MODEL_DIR, dequant_q4_0

out_dir = sys.argv[1]
ft = torch.load(sys.argv[2]) if len(sys.argv) > 2 else None
os.makedirs(out_dir, exist_ok=True)
for f in ("config.json", "tokenizer.json.gz", "PROVENANCE.json"):
    if os.path.exists(os.path.join(MODEL_DIR, f)):
        shutil.copy(os.path.join(MODEL_DIR, f), out_dir)
M = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
     "o": "attention.output.dense", "ln1": "attention.output.LayerNorm",
     "i": "intermediate.dense", "out": "output.dense", "ln2": "output.LayerNorm"}
repl = {}
if ft is not None:
    start = ft["start"]
    for k, v in ft["layers"].items():  # "0.q.weight" -> layer start+0
        li, a, wb = k.split(".")
        repl[f"encoder.layer.{start + int(li)}.{M[a]}.{wb}"] = v.float().numpy()
tensors = {}
with safe_open(os.path.join(MODEL_DIR, "model.safetensors"), "np") as f:
    for k in f.keys():
        t = f.get_tensor(k)
        if k.endswith(".q4_0"):
            name = k[: -len(".q4_0")]
            t = dequant_q4_0(t, t.shape[1] // 18 * 32)
        else:
            name = k
        tensors[name] = np.ascontiguousarray(t.astype(np.float32))
n_repl = 0
for name, v in repl.items():
    assert name in tensors and tensors[name].shape == v.shape, name
    tensors[name] = np.ascontiguousarray(v.astype(np.float32)); n_repl += 1
save_file(tensors, os.path.join(out_dir, "model.safetensors"), metadata={"format": "pt"})
print(f"{out_dir}: {len(tensors)} tensors written as F32, {n_repl} replaced by fine-tuned weights")
