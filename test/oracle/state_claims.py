"""Checks under real torch the claims rnnlens's hovers make about h_n and output (recurrent.ts notes):
h_n is (D*num_layers, N, H_out) whatever batch_first says; for a bidirectional layer h_n[-2] is the
last layer's forward final state = output[-1, :, :H] (time-major) / output[:, -1, :H] (batch_first) and
h_n[-1] the backward one = output[0, :, H:] / output[:, 0, H:], not output[-1]; for one direction
h_n[-1] = output[-1] / output[:, -1]; only the last step's c is returned; proj_size changes H_out
of output and h_n, not c_n; with a packed input of different lengths h_n is at each sequence's own last
step, not output[:, -1]. Exit 1 if any claim is false."""
import sys

import torch
import torch.nn as nn

torch.manual_seed(0)
failures = []


def check(name, ok):
    print(("ok   " if ok else "FAIL ") + name)
    if not ok:
        failures.append(name)


for kind in (nn.RNN, nn.LSTM, nn.GRU):
    for batch_first in (False, True):
        H, N, L = 6, 3, 5
        layer = kind(4, H, num_layers=2, bidirectional=True, batch_first=batch_first).eval()
        x = torch.randn(N, L, 4) if batch_first else torch.randn(L, N, 4)
        out, state = layer(x)
        h = state[0] if kind is nn.LSTM else state
        tag = "%s batch_first=%s" % (kind.__name__, batch_first)
        check(tag + ": h_n is (D*num_layers, N, H)", list(h.shape) == [4, N, H])
        last = out[:, -1] if batch_first else out[-1]
        first = out[:, 0] if batch_first else out[0]
        check(tag + ": h_n[-2] == last step's forward half", torch.allclose(h[-2], last[:, :H], atol=1e-6))
        check(tag + ": h_n[-1] == first step's backward half", torch.allclose(h[-1], first[:, H:], atol=1e-6))
        check(tag + ": h_n[-1] != output[-1] backward half", not torch.allclose(h[-1], last[:, H:], atol=1e-6))
        uni = kind(4, H, num_layers=2, batch_first=batch_first).eval()
        out1, state1 = uni(x)
        h1 = state1[0] if kind is nn.LSTM else state1
        last1 = out1[:, -1] if batch_first else out1[-1]
        check(tag + ": one direction: h_n[-1] == output at the last step", torch.allclose(h1[-1], last1, atol=1e-6))

lstm = nn.LSTM(4, 8, proj_size=3, batch_first=True).eval()
out, (h, c) = lstm(torch.randn(2, 5, 4))
check("proj_size: output and h_n use proj_size, c_n hidden_size",
      list(out.shape) == [2, 5, 3] and list(h.shape) == [1, 2, 3] and list(c.shape) == [1, 2, 8])
check("only the last step's c is returned (c_n has no time dim)", c.dim() == 3 and c.shape[0] == 1)

# Packed input of different lengths (packedStateNotes): h_n is at each sequence's own last step, not at
# the last padded step; the backward final state is still at step 0.
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

lens = torch.tensor([5, 3, 2])
for kind in (nn.RNN, nn.LSTM, nn.GRU):
    H = 6
    x = torch.randn(3, 5, 4)
    bi = kind(4, H, bidirectional=True, batch_first=True).eval()
    out, state = bi(pack_padded_sequence(x, lens, batch_first=True))
    h = state[0] if kind is nn.LSTM else state
    padded, _ = pad_packed_sequence(out, batch_first=True)
    own_last = padded[torch.arange(3), lens - 1]
    tag = "%s packed" % kind.__name__
    check(tag + ": h_n[-2] == forward half at each sequence's own last step", torch.allclose(h[-2], own_last[:, :H], atol=1e-6))
    check(tag + ": h_n[-2] != forward half of output[:, -1]", not torch.allclose(h[-2], padded[:, -1, :H], atol=1e-6))
    check(tag + ": h_n[-1] == backward half at step 0", torch.allclose(h[-1], padded[:, 0, H:], atol=1e-6))
    uni = kind(4, H, batch_first=True).eval()
    out1, state1 = uni(pack_padded_sequence(x, lens, batch_first=True))
    h1 = state1[0] if kind is nn.LSTM else state1
    padded1, _ = pad_packed_sequence(out1, batch_first=True)
    check(tag + ": one direction: h_n[-1] == each sequence's own last step", torch.allclose(h1[-1], padded1[torch.arange(3), lens - 1], atol=1e-6))
    check(tag + ": one direction: h_n[-1] != output[:, -1]", not torch.allclose(h1[-1], padded1[:, -1], atol=1e-6))

if failures:
    sys.exit(1)
print("all claims hold")
