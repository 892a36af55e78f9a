"""Re-verifies the committed engine fixtures against real torch (CI runs this): regenerates every
.safetensors with make_fixtures.py into a temporary folder and compares each tensor with the committed
one (same names, dtypes and shapes; values within 1e-6 + 1e-5*|x|, NaN where NaN) and the stored layer
spec and run sizes (the safetensors `__metadata__`: `spec`, `batch`, `seq`; the torch version aside) with
the fresh ones. Exit 1 on any difference, or when no fixture was compared. Run with /usr/bin/python3."""
import json
import os
import struct
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_fixtures  # noqa: E402

DTYPES = {'F32': '<f4', 'F16': '<f2', 'I64': '<i8', 'BF16': '<u2'}


def read_metadata(path):
    """The `__metadata__` of a safetensors file, JSON values parsed (the spec is a JSON string)."""
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
    out = {}
    for k, v in header.get('__metadata__', {}).items():
        if k == 'torch':
            continue  # which torch wrote it; the values are compared
        try:
            out[k] = json.loads(v)
        except ValueError:
            out[k] = v
    return out


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
        arr = np.frombuffer(data[a:b], dtype=DTYPES[info['dtype']]).reshape(info['shape'])
        out[name] = (info['dtype'], arr)
    return out


def same(a, b):
    if a[0] != b[0] or a[1].shape != b[1].shape:
        return False
    x, y = a[1].astype(np.float64), b[1].astype(np.float64)
    if a[0] == 'BF16':
        return np.array_equal(a[1], b[1])
    nan = np.isnan(x)
    if not np.array_equal(nan, np.isnan(y)):
        return False
    x, y = x[~nan], y[~nan]
    inf = np.isinf(x)
    if not np.array_equal(x[inf], y[inf]):
        return False
    return bool(np.all(np.abs(x[~inf] - y[~inf]) <= 1e-6 + 1e-5 * np.abs(y[~inf])))


def main():
    tmp = tempfile.mkdtemp(prefix='rnnlens-engine-fixtures-')
    os.makedirs(os.path.join(tmp, 'fixtures'))
    os.makedirs(os.path.join(tmp, 'cli'))
    # model.py is read from the committed folder; everything written goes to tmp.
    os.symlink(os.path.join(HERE, 'cli', 'model.py'), os.path.join(tmp, 'cli', 'model.py'))
    make_fixtures.HERE = tmp
    make_fixtures.OUT = os.path.join(tmp, 'fixtures')
    make_fixtures.main()
    bad = 0
    count = 0
    for root, _, files in os.walk(tmp):
        for name in sorted(files):
            if not name.endswith('.safetensors'):
                continue
            rel = os.path.relpath(os.path.join(root, name), tmp)
            fresh = read(os.path.join(root, name))
            committed_path = os.path.join(HERE, rel)
            if not os.path.exists(committed_path):
                print('missing committed fixture', rel)
                bad += 1
                continue
            committed = read(committed_path)
            count += 1
            meta_fresh, meta_committed = read_metadata(os.path.join(root, name)), read_metadata(committed_path)
            if meta_fresh != meta_committed:
                print('different metadata (layer spec / sizes) in %s: committed %s, torch run %s' % (rel, meta_committed, meta_fresh))
                bad += 1
            if set(fresh) != set(committed):
                print('different tensors in', rel)
                bad += 1
                continue
            for k in fresh:
                if not same(fresh[k], committed[k]):
                    print('different values for %s in %s' % (k, rel))
                    bad += 1
    print('%d engine fixture files re-verified against torch, %d differences' % (count, bad))
    if count == 0:
        print('no engine fixture compared: nothing was checked')
        bad += 1
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
