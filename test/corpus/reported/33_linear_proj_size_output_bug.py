# LSTM with proj_size=16: its output has proj_size features, but the head was sized with hidden_size
# (RL401).
import torch
import torch.nn as nn

hidden_size, proj_size = 64, 16
lstm = nn.LSTM(40, hidden_size, num_layers=2, proj_size=proj_size, batch_first=True)
head = nn.Linear(hidden_size, 10)

feats = torch.randn(2, 50, 40)
out, (h, c) = lstm(feats)
#^ (2, 50, 16)
#     ^ (2, 2, 16)
#        ^ (2, 2, 64)
frame_logits = head(out)  # error: RL401
