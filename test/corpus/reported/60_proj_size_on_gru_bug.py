# proj_size passed to nn.GRU after switching from LSTM; only LSTM supports projections (RL103).
import torch
import torch.nn as nn

x = torch.randn(2, 9, 20)
#^ (2, 9, 20)
rnn = nn.GRU(20, 64, num_layers=2, batch_first=True, proj_size=16)  # error: RL103
proj = nn.Linear(64, 16)
out, h = rnn(x)
z = proj(out)
