# expect: has no `warning: RL105`
import torch
import torch.nn as nn

gru = nn.GRU(10, 20, dropout=0.3)
out, h = gru(torch.randn(5, 3, 10))
#^ (5, 3, 20)
