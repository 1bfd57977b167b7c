"""Check /tmp/ft/e5-ft4: every base tensor present as F32 under its plain name; layers 0-7 + embeddings equal the
dequantised originals bit for bit; layers 8-11 equal /tmp/ft/ft_layers.pt and differ from the originals."""
import numpy as np, torch
from safetensors import safe_open
from common import load_weights
_, base = load_weights()
ft = torch.load("/tmp/ft/ft_layers.pt")
n_same = n_ft = n_changed = 0
with safe_open("/tmp/ft/e5-ft4/model.safetensors", "np") as f:
    keys = set(f.keys())
    assert keys == set(base.keys()), (keys ^ set(base.keys()))
    for k in sorted(keys):
        t = f.get_tensor(k); assert t.dtype == np.float32
        b = base[k].numpy()
        li = int(k.split(".")[2]) if k.startswith("encoder.layer.") else -1
        if li < 8:
            assert np.array_equal(t, b), k; n_same += 1
        else:
            n_ft += 1; n_changed += int(not np.array_equal(t, b))
print(f"{len(keys)} tensors F32; {n_same} (embeddings + layers 0-7) bit-identical to dequantised base; "
      f"{n_ft} in layers 8-11, {n_changed} of them changed by fine-tuning")
