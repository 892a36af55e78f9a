# Classifier code written for a bidirectional GRU (cat of h_n[-2] and h_n[-1]) run with a 1-layer
# unidirectional GRU: h_n has a single row (RL405).
import torch
import torch.nn as nn

bidirectional = False
H = 16
gru = nn.GRU(10, H, batch_first=True, bidirectional=bidirectional)
fc = nn.Linear(H * (2 if bidirectional else 1), 3)

x = torch.randn(4, 12, 10)
out, h_n = gru(x)
#^ (4, 12, 16)
#    ^ (1, 4, 16)
last = torch.cat((h_n[-2], h_n[-1]), dim=1)  # error: RL405
logits = fc(last)
