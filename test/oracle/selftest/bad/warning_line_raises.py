# expect: marked `warning: RL302` but raised
import torch
import torch.nn as nn

gru = nn.GRU(10, 20)
out, (h, c) = gru(torch.randn(5, 3, 10))  # warning: RL302
