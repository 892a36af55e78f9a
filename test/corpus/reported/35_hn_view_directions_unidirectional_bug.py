# h_n of a unidirectional 2-layer GRU viewed as (layers, 2, B, H), copied from bidirectional code: the
# tensor has half those elements (RL404).
import torch
import torch.nn as nn

n_layers = 2
hid = 12
num_directions = 1
gru = nn.GRU(7, hid, n_layers, batch_first=True)
x = torch.randn(3, 11, 7)
out, h_n = gru(x)
#^ (3, 11, 12)
#    ^ (2, 3, 12)
h = h_n.view(n_layers, 2, 3, hid)  # error: RL404
top = h[-1, 0]
