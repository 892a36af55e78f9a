# expect: has no `warning: RL302`
# A two-layer GRU's h_n unpacked as (h, c) runs; the line must say so.
import torch
import torch.nn as nn

gru = nn.GRU(10, 20, num_layers=2)
out, (h, c) = gru(torch.randn(5, 3, 10))
#^ (5, 3, 20)
