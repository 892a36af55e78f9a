# A good fixture: functions, loops, symbolic dims, packed data, an error at the end.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

HIDDEN = 20
lstm = nn.LSTM(10, HIDDEN, bidirectional=True)


def step(x, batch):
    h0 = torch.zeros(2, batch, HIDDEN)
    #^ (2, batch, HIDDEN)
    out, (h, c) = lstm(x, (h0, h0))
    #^ (L, batch, 2*HIDDEN)
    #     ^ (2, N, HIDDEN)
    return out


for i in range(2):
    y = step(torch.randn(5, 3, 10), 3)
    #^ (5, 3, 40)

packed = pack_padded_sequence(torch.randn(5, 3, 10), [5, 4, 2])
#^ packed(11, 10)
pout, _ = lstm(packed)
#^ packed(T, 40)
lstm(torch.randn(5, 3, 12))  # error: RL202
