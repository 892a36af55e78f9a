# A 2-layer unidirectional LSTM read as if bidirectional with two layers: h_n has 2 rows, h_n[2] does not
# exist (RL405).
import torch
import torch.nn as nn

lstm = nn.LSTM(6, 12, num_layers=2)
x = torch.randn(10, 3, 6)
output, (h_n, c_n) = lstm(x)
#^ (10, 3, 12)
#        ^ (2, 3, 12)
top = h_n[2]  # error: RL405
