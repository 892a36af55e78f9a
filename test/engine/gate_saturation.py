"""Counts, under real torch, the saturated gate values of every LSTM / GRU engine fixture (and of a few
layers with scaled-up weights written to test/engine/saturation/, where most gates saturate): each layer and
direction is unrolled step by step from the fixture's weights and inputs (the unrolled output is checked
against torch's own module output first), and the sigmoid gates (LSTM i, f, o; GRU r, z) below 0.1 and
above 0.9 are counted over all steps and the batch. Writes test/engine/gate_saturation.json (`--check`:
compare with the committed file instead). test/engine/trace.test.ts compares the engine's counts with it."""
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_fixtures import write_safetensors  # noqa: E402

FIXTURES = os.path.join(HERE, 'fixtures')
SATURATING = os.path.join(HERE, 'saturation')
OUT = os.path.join(HERE, 'gate_saturation.json')
LO, HI = 0.1, 0.9


def read_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop('__metadata__', {})
    out = {}
    for k, v in header.items():
        a, b = v['data_offsets']
        assert v['dtype'] == 'F32', (path, k, v['dtype'])
        out[k] = torch.frombuffer(bytearray(raw[8 + n + a:8 + n + b]), dtype=torch.float32).reshape(v['shape'])
    return meta, out


def unroll(spec, t, x, h0, c0):
    """Time-major batched x (T, N, I); returns the last layer's output (T, N, D*Hout) and counts per (layer, dir)."""
    kind, L = spec['kind'], spec['numLayers']
    D = 2 if spec['bidirectional'] else 1
    lstm = kind.startswith('LSTM')
    counts = []
    inp = x
    for l in range(L):
        outs = []
        for d in range(D):
            sfx = '' if kind.endswith('Cell') else '_l%d%s' % (l, '_reverse' if d else '')
            w_ih, w_hh = t['weight_ih' + sfx], t['weight_hh' + sfx]
            b_ih = t.get('bias_ih' + sfx, torch.zeros(w_ih.shape[0]))
            b_hh = t.get('bias_hh' + sfx, torch.zeros(w_ih.shape[0]))
            w_hr = t.get('weight_hr' + sfx)
            h, c = h0[l * D + d], (c0[l * D + d] if lstm else None)
            H = w_hh.shape[0] // (4 if lstm else 3)
            T = inp.shape[0]
            seq = [None] * T
            lo = [0] * 4
            hi = [0] * 4
            for s in range(T):
                ti = s if d == 0 else T - 1 - s
                gi = inp[ti] @ w_ih.T + b_ih
                gh = h @ w_hh.T + b_hh
                if lstm:
                    g = gi + gh
                    i_, f_, g_, o_ = torch.sigmoid(g[:, :H]), torch.sigmoid(g[:, H:2 * H]), torch.tanh(g[:, 2 * H:3 * H]), torch.sigmoid(g[:, 3 * H:])
                    gates = {0: i_, 1: f_, 3: o_}
                    c = f_ * c + i_ * g_
                    h = o_ * torch.tanh(c)
                    if w_hr is not None:
                        h = h @ w_hr.T
                else:
                    r = torch.sigmoid(gi[:, :H] + gh[:, :H])
                    z = torch.sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
                    n_ = torch.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
                    gates = {0: r, 1: z}
                    h = (1 - z) * n_ + z * h
                for k, v in gates.items():
                    lo[k] += int((v < LO).sum())
                    hi[k] += int((v > HI).sum())
                seq[ti] = h
            outs.append(torch.stack(seq))
            names = ['i', 'f', None, 'o'] if lstm else ['r', 'z']
            counts.append({'layer': l, 'direction': d, 'gates': {names[k]: [lo[k], hi[k]] for k in range(len(names)) if names[k]}})
        inp = torch.cat(outs, dim=2)
    return inp, counts


def make_saturating():
    """Layers whose weights are scaled up (x5): most gate values end near 0 or 1."""
    os.makedirs(SATURATING, exist_ok=True)
    cases = [
        ('lstm_bi_bf_2layer_x5', torch.nn.LSTM(6, 10, num_layers=2, bidirectional=True, batch_first=True), (3, 7, 6)),
        ('gru_2layer_x5', torch.nn.GRU(5, 12, num_layers=2), (9, 4, 5)),
        ('lstmcell_x5', torch.nn.LSTMCell(8, 16), (5, 8)),
        ('grucell_unbatched_x5', torch.nn.GRUCell(7, 9), (7,)),
    ]
    for n, (name, m, xs) in enumerate(cases):
        torch.manual_seed(2000 + n)
        m = m.eval()
        with torch.no_grad():
            for p in m.parameters():
                p.uniform_(-1, 1)
                p.mul_(5 / (m.hidden_size ** 0.5))
            x = torch.randn(*xs)
            out = m(x)
        cell = isinstance(m, torch.nn.modules.rnn.RNNCellBase)
        kind = type(m).__name__
        tensors = dict(m.state_dict())
        tensors['input'] = x
        if cell:
            tensors['expected.h_1'] = out[0] if kind == 'LSTMCell' else out
        else:
            tensors['expected.output'] = out[0]
        spec = {'kind': kind, 'inputSize': m.input_size, 'hiddenSize': m.hidden_size, 'numLayers': getattr(m, 'num_layers', 1),
                'nonlinearity': 'tanh', 'bias': True, 'batchFirst': getattr(m, 'batch_first', False),
                'bidirectional': getattr(m, 'bidirectional', False), 'projSize': getattr(m, 'proj_size', 0), 'dropout': 0.0}
        write_safetensors(os.path.join(SATURATING, name + '.safetensors'), tensors, {'spec': json.dumps(spec), 'torch': torch.__version__})


def main():
    if '--check' not in sys.argv:
        make_saturating()
    result = {}
    files = [(FIXTURES, n) for n in sorted(os.listdir(FIXTURES))] + [(SATURATING, n) for n in sorted(os.listdir(SATURATING))]
    for folder, name in files:
        meta, t = read_safetensors(os.path.join(folder, name))
        spec = json.loads(meta['spec'])
        kind = spec['kind']
        if not (kind.startswith('LSTM') or kind.startswith('GRU')):
            continue
        x = t['input']
        if not torch.isfinite(x).all() or ('h0' in t and not torch.isfinite(t['h0']).all()):
            continue  # NaN fixtures: comparisons with NaN are false in both, but skip them for clarity
        cell = kind.endswith('Cell')
        lstm = kind.startswith('LSTM')
        batched = x.dim() == (2 if cell else 3)
        if cell:
            xs = (x if batched else x.unsqueeze(0)).unsqueeze(0)
        else:
            xs = x if batched else x.unsqueeze(1)
            if batched and spec['batchFirst']:
                xs = xs.transpose(0, 1)
        N = xs.shape[1]
        D = 2 if spec.get('bidirectional') else 1
        LD = 1 if cell else D * spec['numLayers']
        Hout = spec.get('projSize') or spec['hiddenSize']

        def state(key, width):
            if key not in t:
                return torch.zeros(LD, N, width)
            s = t[key]
            if cell:
                s = s if batched else s.unsqueeze(0)
                return s.unsqueeze(0)
            return s if batched else s.unsqueeze(1)
        h0 = state('h0', Hout)
        c0 = state('c0', spec['hiddenSize']) if lstm else None
        with torch.no_grad():
            out, counts = unroll(spec, t, xs, h0, c0)
        # the unroll must reproduce torch's module output
        want = t['expected.h_1'] if cell else t['expected.output']
        got = out[0] if cell else out
        if not cell:
            if not batched:
                got = got.squeeze(1)
            elif spec['batchFirst']:
                got = got.transpose(0, 1)
        elif not batched:
            got = got.squeeze(0)
        if not torch.allclose(got, want, atol=1e-5, rtol=1e-4):
            print('FAIL unroll differs from torch for', name)
            sys.exit(1)
        steps = xs.shape[0]
        result[os.path.basename(folder) + '/' + name] = {'values_per_gate': steps * N * spec['hiddenSize'], 'counts': counts}
    text = json.dumps(result, indent=1, sort_keys=True) + '\n'
    if '--check' in sys.argv:
        if open(OUT).read() != text:
            print('gate_saturation.json differs from what torch counts now; rerun test/engine/gate_saturation.py')
            sys.exit(1)
        print('ok   gate_saturation.json matches torch (%d fixtures)' % len(result))
    else:
        with open(OUT, 'w') as f:
            f.write(text)
        print('wrote', OUT, len(result), 'fixtures')


main()
