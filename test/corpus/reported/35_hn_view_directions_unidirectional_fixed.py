# h_n of a unidirectional 2-layer GRU viewed as (layers, 1, B, H).
# Fixed twin of 35_hn_view_directions_unidirectional_bug.py.
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
h = h_n.view(n_layers, num_directions, 3, hid)
#^ (2, 1, 3, 12)
top = h[-1, 0]
#^ (3, 12)
