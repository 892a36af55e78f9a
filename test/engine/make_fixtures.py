# Generates the engine's numeric fixtures from real PyTorch: one .safetensors per config holding the
# layer's weights under torch's names, the inputs (input, h0, c0) and torch's outputs. Run with /usr/bin/python3.
import json
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'fixtures')


def write_safetensors(path, tensors, metadata):
    """Tiny safetensors writer (the `safetensors` package is not installable here): F32 only."""
    header = {'__metadata__': metadata}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        if t.dtype == torch.float16:
            dtype, raw = 'F16', t.view(torch.int16).numpy().astype('<i2').tobytes()
        elif t.dtype == torch.bfloat16:
            dtype, raw = 'BF16', t.view(torch.int16).numpy().astype('<i2').tobytes()
        elif t.dtype == torch.int64:
            dtype, raw = 'I64', t.numpy().astype('<i8').tobytes()
        else:
            dtype, raw = 'F32', t.to(torch.float32).numpy().astype('<f4').tobytes()
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    hb = json.dumps(header, separators=(',', ':')).encode('utf-8')
    hb += b' ' * ((8 - (8 + len(hb)) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(hb)))
        f.write(hb)
        for b in blobs:
            f.write(b)


def cfg(name, kind, i, h, layers=1, nonlin='tanh', bias=True, batch_first=False, bidir=False, proj=0,
        batch=3, seq=5, h0=False, c0=False, nan=None):
    return dict(name=name, kind=kind, inputSize=i, hiddenSize=h, numLayers=layers, nonlinearity=nonlin, bias=bias,
                batchFirst=batch_first, bidirectional=bidir, projSize=proj, batch=batch, seq=seq, h0=h0, c0=c0, nan=nan)


CONFIGS = [
    # RNN
    cfg('rnn_tanh_small', 'RNN', 4, 6),
    cfg('rnn_relu_small', 'RNN', 4, 6, nonlin='relu'),
    cfg('rnn_tanh_size1', 'RNN', 1, 1, batch=1, seq=1),
    cfg('rnn_tanh_2layer_bi', 'RNN', 7, 9, layers=2, bidir=True, seq=11),
    cfg('rnn_relu_bi_bf_h0', 'RNN', 5, 12, bidir=True, batch_first=True, h0=True, nonlin='relu'),
    cfg('rnn_nobias_unbatched', 'RNN', 8, 10, bias=False, batch=None, seq=13),
    cfg('rnn_tanh_3layer_h0', 'RNN', 16, 33, layers=3, h0=True, batch=5, seq=17),
    cfg('rnn_relu_unbatched_bi_h0', 'RNN', 3, 5, bidir=True, batch=None, seq=6, h0=True, nonlin='relu'),
    cfg('rnn_tanh_96', 'RNN', 96, 96, batch=4, seq=50),
    # LSTM
    cfg('lstm_small', 'LSTM', 4, 6),
    cfg('lstm_size1', 'LSTM', 1, 1, batch=1, seq=1),
    cfg('lstm_2layer', 'LSTM', 10, 20, layers=2, seq=9),
    cfg('lstm_bi', 'LSTM', 10, 20, bidir=True, seq=8),
    cfg('lstm_bi_2layer_bf', 'LSTM', 13, 17, layers=2, bidir=True, batch_first=True, batch=4, seq=10),
    cfg('lstm_nobias', 'LSTM', 6, 8, bias=False, seq=7),
    cfg('lstm_h0c0', 'LSTM', 5, 11, h0=True, c0=True, batch=2, seq=4),
    cfg('lstm_h0c0_bi_2layer', 'LSTM', 5, 11, layers=2, bidir=True, h0=True, c0=True, batch=2, seq=4),
    cfg('lstm_unbatched', 'LSTM', 9, 14, batch=None, seq=12),
    cfg('lstm_unbatched_bi_h0c0', 'LSTM', 9, 14, bidir=True, batch=None, seq=12, h0=True, c0=True),
    cfg('lstm_bf_batch1', 'LSTM', 32, 64, batch_first=True, batch=1, seq=30),
    cfg('lstm_seq50', 'LSTM', 24, 40, batch=6, seq=50),
    cfg('lstm_3layer_nobias_bi', 'LSTM', 7, 15, layers=3, bidir=True, bias=False, batch=3, seq=6),
    cfg('lstm_96', 'LSTM', 96, 96, layers=2, batch=8, seq=20),
    # LSTM proj_size
    cfg('lstm_proj', 'LSTM', 8, 16, proj=5),
    cfg('lstm_proj_2layer_bi', 'LSTM', 8, 16, proj=5, layers=2, bidir=True, seq=7),
    cfg('lstm_proj_h0c0_bf', 'LSTM', 6, 12, proj=9, h0=True, c0=True, batch_first=True, batch=2, seq=5),
    cfg('lstm_proj_unbatched', 'LSTM', 6, 12, proj=3, batch=None, seq=9),
    cfg('lstm_proj_nobias_3layer', 'LSTM', 11, 24, proj=8, layers=3, bias=False, batch=4, seq=6),
    # GRU
    cfg('gru_small', 'GRU', 4, 6),
    cfg('gru_size1', 'GRU', 1, 1, batch=1, seq=1),
    cfg('gru_2layer_bi', 'GRU', 12, 18, layers=2, bidir=True, seq=9),
    cfg('gru_bf_h0', 'GRU', 12, 18, batch_first=True, h0=True, batch=5, seq=7),
    cfg('gru_nobias', 'GRU', 6, 9, bias=False, seq=8),
    cfg('gru_unbatched_h0', 'GRU', 7, 13, batch=None, seq=10, h0=True),
    cfg('gru_3layer_bi_bf', 'GRU', 5, 10, layers=3, bidir=True, batch_first=True, batch=3, seq=15),
    cfg('gru_seq50', 'GRU', 32, 48, batch=7, seq=50),
    cfg('gru_96', 'GRU', 96, 96, layers=2, bidir=True, batch=4, seq=25),
    # cells
    cfg('rnncell_tanh', 'RNNCell', 5, 7, batch=4),
    cfg('rnncell_relu_h0', 'RNNCell', 5, 7, nonlin='relu', batch=4, h0=True),
    cfg('rnncell_unbatched_nobias', 'RNNCell', 5, 7, bias=False, batch=None, h0=True),
    cfg('lstmcell', 'LSTMCell', 6, 10, batch=3),
    cfg('lstmcell_h0c0', 'LSTMCell', 6, 10, batch=3, h0=True, c0=True),
    cfg('lstmcell_unbatched_nobias_h0c0', 'LSTMCell', 6, 10, bias=False, batch=None, h0=True, c0=True),
    cfg('grucell', 'GRUCell', 8, 12, batch=2),
    cfg('grucell_h0', 'GRUCell', 8, 12, batch=2, h0=True),
    cfg('grucell_unbatched', 'GRUCell', 8, 12, batch=None, h0=True),
    cfg('grucell_96', 'GRUCell', 96, 96, batch=16, h0=True),
    # large
    cfg('large_lstm_bi', 'LSTM', 64, 128, layers=2, bidir=True, batch=8, seq=40, batch_first=True),
    cfg('large_gru', 'GRU', 80, 160, layers=1, batch=16, seq=32),
    cfg('large_rnn_relu', 'RNN', 128, 256, nonlin='relu', batch=32, seq=20),
    # NaN propagates like in torch: only through the batch element (and later steps) it reaches
    cfg('nan_lstm_input', 'LSTM', 6, 10, layers=2, bidir=True, batch=3, seq=6, nan='input'),
    cfg('nan_gru_h0', 'GRU', 5, 8, batch=3, seq=4, h0=True, nan='h0'),
]


def build(c):
    kind, i, h = c['kind'], c['inputSize'], c['hiddenSize']
    if kind == 'RNNCell':
        return torch.nn.RNNCell(i, h, bias=c['bias'], nonlinearity=c['nonlinearity'])
    if kind == 'LSTMCell':
        return torch.nn.LSTMCell(i, h, bias=c['bias'])
    if kind == 'GRUCell':
        return torch.nn.GRUCell(i, h, bias=c['bias'])
    kw = dict(num_layers=c['numLayers'], bias=c['bias'], batch_first=c['batchFirst'], bidirectional=c['bidirectional'])
    if kind == 'RNN':
        return torch.nn.RNN(i, h, nonlinearity=c['nonlinearity'], **kw)
    if kind == 'LSTM':
        return torch.nn.LSTM(i, h, proj_size=c['projSize'], **kw)
    return torch.nn.GRU(i, h, **kw)


def main():
    os.makedirs(OUT, exist_ok=True)
    for n, c in enumerate(CONFIGS):
        torch.manual_seed(1000 + n)
        m = build(c).eval()
        kind, N, T, H = c['kind'], c['batch'], c['seq'], c['hiddenSize']
        cell = kind.endswith('Cell')
        lstm = kind.startswith('LSTM')
        D = 2 if c['bidirectional'] else 1
        Hout = c['projSize'] or H
        if cell:
            xs = [N, c['inputSize']] if N else [c['inputSize']]
            hs = [N, H] if N else [H]
            cs = hs
        else:
            xs = ([N, T] if c['batchFirst'] else [T, N]) if N else [T]
            xs = xs + [c['inputSize']]
            LD = D * c['numLayers']
            hs = [LD, N, Hout] if N else [LD, Hout]
            cs = [LD, N, H] if N else [LD, H]
        tensors = dict(m.state_dict())
        x = torch.randn(*xs)
        h0 = torch.randn(*hs) if c['h0'] else None
        if c['nan'] == 'input':
            x[2, 1, 3] = float('nan')  # step 2, batch element 1
        if c['nan'] == 'h0':
            h0[0, 2, 5] = float('nan')  # batch element 2
        tensors['input'] = x
        c0 = torch.randn(*cs) if c['c0'] else None
        if h0 is not None:
            tensors['h0'] = h0
        if c0 is not None:
            tensors['c0'] = c0
        with torch.no_grad():
            if cell:
                if lstm:
                    state = (h0 if h0 is not None else torch.zeros(*hs), c0 if c0 is not None else torch.zeros(*cs))
                    h1, c1 = m(x, state) if (h0 is not None or c0 is not None) else m(x)
                    tensors['expected.h_1'] = h1
                    tensors['expected.c_1'] = c1
                else:
                    tensors['expected.h_1'] = m(x, h0) if h0 is not None else m(x)
            elif lstm:
                if h0 is not None or c0 is not None:
                    out, (hn, cn) = m(x, (h0 if h0 is not None else torch.zeros(*hs), c0 if c0 is not None else torch.zeros(*cs)))
                else:
                    out, (hn, cn) = m(x)
                tensors['expected.output'] = out
                tensors['expected.h_n'] = hn
                tensors['expected.c_n'] = cn
            else:
                out, hn = m(x, h0) if h0 is not None else m(x)
                tensors['expected.output'] = out
                tensors['expected.h_n'] = hn
        spec = {k: c[k] for k in ('kind', 'inputSize', 'hiddenSize', 'numLayers', 'nonlinearity', 'bias', 'batchFirst',
                                  'bidirectional', 'projSize')}
        spec['dropout'] = 0.0
        meta = {'spec': json.dumps(spec), 'batch': json.dumps(N), 'seq': str(T), 'torch': torch.__version__}
        write_safetensors(os.path.join(OUT, c['name'] + '.safetensors'), tensors, meta)
    print(f'wrote {len(CONFIGS)} fixtures to {OUT}')
    make_dtype_fixture()
    make_cli_fixtures()


def make_dtype_fixture():
    """F16/BF16 tensors and torch's own conversion of them to float32."""
    torch.manual_seed(7)
    x = torch.cat([torch.randn(60) * 3, torch.tensor([0.0, -0.0, 1e-6, -1e-7, 65504.0, 1e-30, float('inf'), float('-inf')])])
    h, b = x.half(), x.bfloat16()
    write_safetensors(os.path.join(HERE, 'dtypes.safetensors'),
                      {'x_f16': h, 'x_bf16': b, 'x_f16_as_f32': h.float(), 'x_bf16_as_f32': b.float(),
                       'ids': torch.arange(4)}, {'what': 'dtype conversions'})


def make_cli_fixtures():
    """Weights (a whole model's state_dict), inputs and torch's outputs for test/unit/cli-run.test.ts."""
    import importlib.util
    spec = importlib.util.spec_from_file_location('cli_model', os.path.join(HERE, 'cli', 'model.py'))
    mod = importlib.util.module_from_spec(spec)
    torch.manual_seed(11)
    spec.loader.exec_module(mod)
    enc = mod.Encoder().eval()
    x = torch.randn(3, 6, 8)
    with torch.no_grad():
        out, (hn, cn) = enc.lstm(x)
    d = os.path.join(HERE, 'cli')
    write_safetensors(os.path.join(d, 'encoder_weights.safetensors'), dict(enc.state_dict()), {})
    write_safetensors(os.path.join(d, 'encoder_inputs.safetensors'), {'input': x}, {})
    write_safetensors(os.path.join(d, 'encoder_expected.safetensors'), {'output': out, 'h_n': hn, 'c_n': cn}, {})
    gru = mod.Tagger().gru.eval()
    xg = torch.randn(4, 2, 5)
    h0 = torch.randn(1, 2, 7)
    with torch.no_grad():
        og, hg = gru(xg, h0)
    write_safetensors(os.path.join(d, 'gru_weights.safetensors'), dict(gru.state_dict()), {})
    write_safetensors(os.path.join(d, 'gru_inputs.safetensors'), {'input': xg, 'h0': h0}, {})
    write_safetensors(os.path.join(d, 'gru_expected.safetensors'), {'output': og, 'h_n': hg}, {})


if __name__ == '__main__':
    main()
