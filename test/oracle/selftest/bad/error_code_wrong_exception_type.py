# expect: `error: RL204` expects RuntimeError
import torch
import torch.nn as nn

gru = nn.GRU(10, 20)
out, (h, c) = gru(torch.randn(5, 3, 10))  # error: RL204
