# The GRU keeps no proj_size; a Linear after it projects to the smaller width.
# Fixed twin of 60_proj_size_on_gru_bug.py.
import torch
import torch.nn as nn

x = torch.randn(2, 9, 20)
#^ (2, 9, 20)
rnn = nn.GRU(20, 64, num_layers=2, batch_first=True)
proj = nn.Linear(64, 16)
out, h = rnn(x)
#^ (2, 9, 64)
z = proj(out)
#^ (2, 9, 16)
