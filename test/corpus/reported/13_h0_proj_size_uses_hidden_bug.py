# LSTM with a projection (proj_size): h0 is sized with hidden_size, but with projections h0 holds
# proj_size features (c0 keeps hidden_size) (RL204).
import torch
import torch.nn as nn

HIDDEN = 32
PROJ = 8
lstm = nn.LSTM(input_size=12, hidden_size=HIDDEN, proj_size=PROJ, num_layers=2)
x = torch.randn(15, 3, 12)
#^ (15, 3, 12)
h0 = torch.zeros(2, 3, HIDDEN)
c0 = torch.zeros(2, 3, HIDDEN)
#^ (2, 3, 32)
out, (h_n, c_n) = lstm(x, (h0, c0))  # error: RL204
summary = torch.cat([h_n[-1], c_n[-1]], dim=1)
