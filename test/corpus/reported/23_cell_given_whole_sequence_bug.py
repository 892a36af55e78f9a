# An LSTMCell handed the whole (T, B, F) sequence instead of one time step; a cell takes (B, F) or (F,)
# (RL201).
import torch
import torch.nn as nn

T, B, F, H = 8, 4, 5, 10
cell = nn.LSTMCell(F, H)
seq = torch.randn(T, B, F)
#^ (8, 4, 5)
hx = torch.zeros(B, H)
cx = torch.zeros(B, H)
outputs = []
hx, cx = cell(seq, (hx, cx))  # error: RL201
