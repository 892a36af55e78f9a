"""Re-verifies the committed whole-module fixtures against real torch (test:oracle runs this; run with
/usr/bin/python3): regenerates everything with make_models.py into a temporary folder (the model files
read from here) and compares every .safetensors tensor by name, dtype, shape and value (within
1e-6 + 1e-5*|x|), every .pt / .pth / .ckpt by the tensors torch.load gives, and cases.json as JSON. Exit 1 on any
difference or when nothing was compared."""
import json
import os
import shutil
import struct
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_models  # noqa: E402

DTYPES = {'F32': '<f4', 'I64': '<i8', 'F16': '<f2', 'F64': '<f8', 'I32': '<i4'}


def read(path):
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        a, b = info['data_offsets']
        out[name] = (info['dtype'], np.frombuffer(data[a:b], dtype=DTYPES[info['dtype']]).reshape(info['shape']))
    return out


def close(x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return x.shape == y.shape and bool(np.all(np.abs(x - y) <= 1e-6 + 1e-5 * np.abs(y)))


def flat_pt(obj, prefix=''):
    out = {}
    if isinstance(obj, torch.Tensor):
        out[prefix.rstrip('.')] = obj.numpy()
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flat_pt(v, f'{prefix}{k}.'))
    elif isinstance(obj, list) and any(isinstance(v, (torch.Tensor, dict, list)) for v in obj):
        for i, v in enumerate(obj):
            out.update(flat_pt(v, f'{prefix}{i}.'))
    else:
        out[prefix.rstrip('.')] = obj
    return out


def main():
    tmp = tempfile.mkdtemp(prefix='rnnlens-models-')
    for f in os.listdir(HERE):
        if f.endswith('.py') and f not in ('make_models.py', 'check_models.py'):
            shutil.copy(os.path.join(HERE, f), tmp)
    make_models.HERE = tmp
    make_models.OUT = tmp
    make_models.main()
    bad = 0
    compared = 0
    made = sorted(f for f in os.listdir(tmp) if f.endswith(('.safetensors', '.pt', '.pth', '.ckpt', '.json')))
    committed = sorted(f for f in os.listdir(HERE) if f.endswith(('.safetensors', '.pt', '.pth', '.ckpt', '.json')))
    if made != committed:
        print(f'files differ: generated {made}, committed {committed}')
        bad += 1
    for f in made:
        mine, theirs = os.path.join(tmp, f), os.path.join(HERE, f)
        if not os.path.exists(theirs):
            continue
        if f.endswith('.json'):
            a, b = json.load(open(mine)), json.load(open(theirs))
            a.pop('torch', None)
            b.pop('torch', None)
            if a != b:
                print(f'{f}: differs')
                bad += 1
            compared += 1
            continue
        if f.endswith(('.pt', '.pth', '.ckpt')):
            a, b = flat_pt(torch.load(mine)), flat_pt(torch.load(theirs))
        else:
            a, b = read(mine), read(theirs)
        if sorted(a) != sorted(b):
            print(f'{f}: names differ: {sorted(a)} vs {sorted(b)}')
            bad += 1
            continue
        for k in a:
            x, y = a[k], b[k]
            if isinstance(x, tuple):
                ok = x[0] == y[0] and close(x[1], y[1])
            elif isinstance(x, np.ndarray):
                ok = close(x, y)
            else:
                ok = x == y
            if not ok:
                print(f'{f}: {k} differs')
                bad += 1
            compared += 1
    shutil.rmtree(tmp)
    if compared == 0:
        print('nothing compared')
        return 1
    print(f'test/models: {compared} tensors and files re-verified against torch, {bad} differences')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
