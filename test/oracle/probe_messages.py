# Runs each rule's snippet under real torch and prints the exception type, message, blamed line and
# warnings; the source of test/oracle/torch-messages.md. Run with /usr/bin/python3.
import sys
import traceback
import warnings

import torch
import torch.nn as nn

CASES = [
    ("nonlinearity unknown", "nn.RNN(10, 20, nonlinearity='sigmoid')"),
    ("nonlinearity= to LSTM", "nn.LSTM(10, 20, nonlinearity='relu')"),
    ("nonlinearity= to GRU", "nn.GRU(10, 20, nonlinearity='relu')"),
    ("nonlinearity= to LSTMCell", "nn.LSTMCell(10, 20, nonlinearity='relu')"),
    ("nonlinearity= to RNNCell unknown", "nn.RNNCell(10, 20, nonlinearity='sigmoid')"),
    ("positional nonlinearity RNN", "r = nn.RNN(10, 20, 2, 'relu'); print('nonlinearity', r.nonlinearity, 'bias', r.bias)"),
    ("positional nonlinearity RNN forward", "r = nn.RNN(10, 20, 2, 'relu'); r(torch.randn(5, 3, 10))"),
    ("proj_size negative", "nn.LSTM(10, 20, proj_size=-1)"),
    ("proj_size == hidden", "nn.LSTM(10, 20, proj_size=20)"),
    ("proj_size > hidden", "nn.LSTM(10, 20, proj_size=30)"),
    ("proj_size on RNN", "nn.RNN(10, 20, proj_size=5)"),
    ("proj_size on GRU", "nn.GRU(10, 20, proj_size=5)"),
    ("proj_size on LSTMCell", "nn.LSTMCell(10, 20, proj_size=5)"),
    ("dropout > 1", "nn.LSTM(10, 20, num_layers=2, dropout=1.5)"),
    ("dropout < 0", "nn.GRU(10, 20, num_layers=2, dropout=-0.1)"),
    ("dropout == 1", "nn.GRU(10, 20, num_layers=2, dropout=1)"),
    ("dropout bool", "nn.GRU(10, 20, num_layers=2, dropout=True)"),
    ("dropout single layer", "nn.LSTM(10, 20, dropout=0.5)"),
    ("hidden_size 0", "nn.LSTM(10, 0)"),
    ("hidden_size negative", "nn.LSTM(10, -5)"),
    ("num_layers 0", "nn.GRU(10, 20, num_layers=0)"),
    ("num_layers negative", "nn.GRU(10, 20, num_layers=-1)"),
    ("input_size 0", "nn.LSTM(0, 20)"),
    ("cell hidden 0", "nn.LSTMCell(10, 0)"),
    ("cell hidden negative", "nn.GRUCell(10, -3)"),
    ("hidden float 20/2", "nn.LSTM(10, 20/2)"),
    ("hidden float forward", "l = nn.LSTM(10, 20/2); l(torch.randn(5, 3, 10))"),
    ("input float", "nn.LSTM(10/2, 20)"),
    ("input float forward", "l = nn.LSTM(10/2, 20); print(l(torch.randn(5, 3, 5))[0].shape)"),
    ("num_layers float", "nn.LSTM(10, 20, 4/2)"),
    ("cell hidden float", "nn.GRUCell(10, 20/2)"),
    ("cell input float", "nn.GRUCell(10/2, 20)"),
    ("too many positional LSTM", "nn.LSTM(10, 20, 1, True, False, 0.0, False, 0, 5)"),
    ("too many positional LSTM 9", "nn.LSTM(10, 20, 1, True, False, 0.0, False, 0, 'x', 'y')"),
    ("unknown kw LSTM", "nn.LSTM(10, 20, batchfirst=True)"),
    ("unknown kw RNN", "nn.RNN(10, 20, batchfirst=True)"),
    ("missing hidden", "nn.LSTM(10)"),
    ("missing hidden RNN", "nn.RNN(10)"),
    ("too many positional cell", "nn.LSTMCell(10, 20, True, 5)"),
    ("unknown kw cell", "nn.GRUCell(10, 20, batch_first=True)"),
    ("1-D RNN", "nn.RNN(10, 20)(torch.randn(10))"),
    ("1-D LSTM", "nn.LSTM(10, 20)(torch.randn(10))"),
    ("1-D GRU", "nn.GRU(10, 20)(torch.randn(10))"),
    ("4-D RNN", "nn.RNN(10, 20)(torch.randn(2, 5, 3, 10))"),
    ("4-D LSTM", "nn.LSTM(10, 20)(torch.randn(2, 5, 3, 10))"),
    ("4-D GRU", "nn.GRU(10, 20)(torch.randn(2, 5, 3, 10))"),
    ("1-D RNNCell", "nn.RNNCell(10, 20)(torch.randn(10))"),
    ("3-D RNNCell", "nn.RNNCell(10, 20)(torch.randn(5, 3, 10))"),
    ("3-D LSTMCell", "nn.LSTMCell(10, 20)(torch.randn(5, 3, 10))"),
    ("3-D GRUCell", "nn.GRUCell(10, 20)(torch.randn(5, 3, 10))"),
    ("input size RNN batched", "nn.RNN(10, 20)(torch.randn(5, 3, 12))"),
    ("input size LSTM batched", "nn.LSTM(10, 20)(torch.randn(5, 3, 12))"),
    ("input size GRU unbatched", "nn.GRU(10, 20)(torch.randn(5, 12))"),
    ("input size LSTM unbatched", "nn.LSTM(10, 20)(torch.randn(5, 12))"),
    ("h0 2D for 3D input RNN", "nn.RNN(10, 20)(torch.randn(5, 3, 10), torch.zeros(3, 20))"),
    ("h0 3D for 2D input RNN", "nn.RNN(10, 20)(torch.randn(5, 10), torch.zeros(1, 1, 20))"),
    ("h0 2D for 3D input LSTM", "nn.LSTM(10, 20)(torch.randn(5, 3, 10), (torch.zeros(3, 20), torch.zeros(3, 20)))"),
    ("h0 3D for 2D input LSTM", "nn.LSTM(10, 20)(torch.randn(5, 10), (torch.zeros(1, 1, 20), torch.zeros(1, 1, 20)))"),
    ("h0 2D c0 3D LSTM batched", "nn.LSTM(10, 20)(torch.randn(5, 3, 10), (torch.zeros(1, 3, 20), torch.zeros(3, 20)))"),
    ("h0 3D ok c0 2D LSTM unbatched", "nn.LSTM(10, 20)(torch.randn(5, 10), (torch.zeros(1, 20), torch.zeros(1, 1, 20)))"),
    ("h0 2D for 3D input GRU", "nn.GRU(10, 20)(torch.randn(5, 3, 10), torch.zeros(3, 20))"),
    ("h0 bidir missing x2 LSTM", "nn.LSTM(10, 20, bidirectional=True)(torch.randn(5, 3, 10), (torch.zeros(1, 3, 20), torch.zeros(1, 3, 20)))"),
    ("h0 bidir missing x2 GRU", "nn.GRU(10, 20, bidirectional=True)(torch.randn(5, 3, 10), torch.zeros(1, 3, 20))"),
    ("h0 bidir missing x2 RNN", "nn.RNN(10, 20, bidirectional=True)(torch.randn(5, 3, 10), torch.zeros(1, 3, 20))"),
    ("h0 wrong batch RNN", "nn.RNN(10, 20)(torch.randn(5, 3, 10), torch.zeros(1, 4, 20))"),
    ("h0 batch-first layout LSTM", "nn.LSTM(10, 20, batch_first=True)(torch.randn(3, 5, 10), (torch.zeros(3, 1, 20), torch.zeros(3, 1, 20)))"),
    ("h0 wrong hidden GRU", "nn.GRU(10, 20)(torch.randn(5, 3, 10), torch.zeros(1, 3, 10))"),
    ("h0 unbatched wrong hidden GRU", "nn.GRU(10, 20)(torch.randn(5, 10), torch.zeros(1, 10))"),
    ("proj h0 uses H_cell", "nn.LSTM(10, 20, proj_size=5)(torch.randn(5, 3, 10), (torch.zeros(1, 3, 20), torch.zeros(1, 3, 20)))"),
    ("proj c0 uses H_out", "nn.LSTM(10, 20, proj_size=5)(torch.randn(5, 3, 10), (torch.zeros(1, 3, 5), torch.zeros(1, 3, 5)))"),
    ("c0 wrong LSTM", "nn.LSTM(10, 20)(torch.randn(5, 3, 10), (torch.zeros(1, 3, 20), torch.zeros(1, 3, 10)))"),
    ("c0 wrong layers LSTM", "nn.LSTM(10, 20, 2)(torch.randn(5, 3, 10), (torch.zeros(2, 3, 20), torch.zeros(1, 3, 20)))"),
    ("tuple to RNN", "h = torch.zeros(1, 3, 20); nn.RNN(10, 20)(torch.randn(5, 3, 10), (h, h))"),
    ("tuple to GRU", "h = torch.zeros(1, 3, 20); nn.GRU(10, 20)(torch.randn(5, 3, 10), (h, h))"),
    ("bare tensor to LSTM", "nn.LSTM(10, 20)(torch.randn(5, 3, 10), torch.zeros(1, 3, 20))"),
    ("bare tensor to LSTM unbatched", "nn.LSTM(10, 20)(torch.randn(5, 10), torch.zeros(1, 20))"),
    ("lstm(x, h0, c0)", "h = torch.zeros(1, 3, 20); nn.LSTM(10, 20)(torch.randn(5, 3, 10), h, h)"),
    ("out,h,c = lstm(x)", "out, h, c = nn.LSTM(10, 20)(torch.randn(5, 3, 10))"),
    ("out,h = lstm(x) tuple", "out, h = nn.LSTM(10, 20)(torch.randn(5, 3, 10)); print(type(h))"),
    ("out,(h,c) = gru(x) 1 layer", "out, (h, c) = nn.GRU(10, 20)(torch.randn(5, 3, 10))"),
    ("out,(h,c) = gru(x) 2 layers", "out, (h, c) = nn.GRU(10, 20, 2)(torch.randn(5, 3, 10)); print(h.shape, c.shape)"),
    ("out,(h,c) = gru(x) 3 layers", "out, (h, c) = nn.GRU(10, 20, 3)(torch.randn(5, 3, 10))"),
    ("out,(h,c) = rnn(x) bidir", "out, (h, c) = nn.RNN(10, 20, bidirectional=True)(torch.randn(5, 3, 10)); print(h.shape)"),
    ("out,(h,c) = rnn(x) unbatched bidir", "out, (h, c) = nn.RNN(10, 20, bidirectional=True)(torch.randn(5, 10)); print(h.shape)"),
    ("cell input size RNNCell", "nn.RNNCell(10, 20)(torch.randn(3, 12))"),
    ("cell input size LSTMCell", "nn.LSTMCell(10, 20)(torch.randn(3, 12))"),
    ("cell input size GRUCell", "nn.GRUCell(10, 20)(torch.randn(3, 12))"),
    ("cell input size GRUCell unbatched", "nn.GRUCell(10, 20)(torch.randn(12))"),
    ("cell hx hidden RNNCell", "nn.RNNCell(10, 20)(torch.randn(3, 10), torch.zeros(3, 10))"),
    ("cell hx hidden GRUCell", "nn.GRUCell(10, 20)(torch.randn(3, 10), torch.zeros(3, 10))"),
    ("cell hx hidden LSTMCell", "nn.LSTMCell(10, 20)(torch.randn(3, 10), (torch.zeros(3, 10), torch.zeros(3, 10)))"),
    ("cell cx hidden LSTMCell", "nn.LSTMCell(10, 20)(torch.randn(3, 10), (torch.zeros(3, 20), torch.zeros(3, 10)))"),
    ("cell batch RNNCell", "nn.RNNCell(10, 20)(torch.randn(3, 10), torch.zeros(4, 20))"),
    ("cell batch GRUCell", "nn.GRUCell(10, 20)(torch.randn(3, 10), torch.zeros(4, 20))"),
    ("cell batch LSTMCell", "nn.LSTMCell(10, 20)(torch.randn(3, 10), (torch.zeros(4, 20), torch.zeros(4, 20)))"),
    ("cell hx rank RNNCell 2D/1D", "nn.RNNCell(10, 20)(torch.randn(3, 10), torch.zeros(20))"),
    ("cell hx rank RNNCell 1D/2D", "nn.RNNCell(10, 20)(torch.randn(10), torch.zeros(1, 20))"),
    ("cell hx rank GRUCell 1D/2D", "nn.GRUCell(10, 20)(torch.randn(10), torch.zeros(1, 20))"),
    ("cell hx rank LSTMCell 2D/1D", "nn.LSTMCell(10, 20)(torch.randn(3, 10), (torch.zeros(20), torch.zeros(20)))"),
    ("cell hx rank LSTMCell 1D/2D", "nn.LSTMCell(10, 20)(torch.randn(10), (torch.zeros(1, 20), torch.zeros(1, 20)))"),
    ("LSTMCell bare tensor", "nn.LSTMCell(10, 20)(torch.randn(3, 10), torch.zeros(3, 20))"),
    ("GRUCell tuple", "h = torch.zeros(3, 20); nn.GRUCell(10, 20)(torch.randn(3, 10), (h, h))"),
    ("RNNCell tuple", "h = torch.zeros(3, 20); nn.RNNCell(10, 20)(torch.randn(3, 10), (h, h))"),
    ("h1, c1 = gru_cell(x)", "h1, c1 = nn.GRUCell(10, 20)(torch.randn(3, 10)); print(h1.shape)"),
    ("h1, c1 = gru_cell(x) batch 4", "h1, c1 = nn.GRUCell(10, 20)(torch.randn(4, 10))"),
    ("h = lstm_cell(x)", "h = nn.LSTMCell(10, 20)(torch.randn(3, 10)); print(type(h))"),
    ("packed input size", "from torch.nn.utils.rnn import pack_padded_sequence as p; nn.LSTM(10,20)(p(torch.randn(5,3,12),[5,4,2]))"),
]

for title, src in CASES:
    code = compile(src, "<fixture>", "exec")
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            exec(code, {"torch": torch, "nn": nn})
            res = "OK (no exception)"
        except Exception as e:  # noqa: BLE001
            tb = traceback.extract_tb(e.__traceback__)
            blamed = [f for f in tb if f.filename == "<fixture>"]
            res = f"{type(e).__name__}: {e}"
    print(f"### {title}\n    {src}\n    -> {res}")
    for w in ws:
        print(f"    warning {w.category.__name__} ({w.filename.split('/')[-1]}:{w.lineno}): {w.message}")
