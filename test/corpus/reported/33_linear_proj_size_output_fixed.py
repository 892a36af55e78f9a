# LSTM with proj_size=16 whose head takes proj_size features (the output width with projections).
# Fixed twin of 33_linear_proj_size_output_bug.py.
import torch
import torch.nn as nn

hidden_size, proj_size = 64, 16
lstm = nn.LSTM(40, hidden_size, num_layers=2, proj_size=proj_size, batch_first=True)
head = nn.Linear(proj_size, 10)

feats = torch.randn(2, 50, 40)
out, (h, c) = lstm(feats)
#^ (2, 50, 16)
#     ^ (2, 2, 16)
#        ^ (2, 2, 64)
frame_logits = head(out)
#^ (2, 50, 10)
