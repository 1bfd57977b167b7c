import json,struct,numpy as np
f=open('/work/main/models/default/heads.safetensors','rb'); n=struct.unpack('<Q',f.read(8))[0]; h=json.loads(f.read(n)); base=8+n
def get(k,dt):
    v=h[k]; f.seek(base+v['data_offsets'][0]); return np.frombuffer(f.read(v['data_offsets'][1]-v['data_offsets'][0]),dtype=dt).reshape(v['shape'])
LAB=json.load(open('/work/main/models/default/manifest.json'))['heads']['intent']['labels']
BL=[LAB[int(x)] for x in get('oos.bank_labels',np.float32)]
BANK=get('oos.bank',np.float16).astype(np.float32)
