# expect: torch gave (1, 3, 20)
import torch
import torch.nn as nn

gru = nn.GRU(10, 20, batch_first=True)
out, h = gru(torch.randn(3, 5, 10))
#    ^ (3, 1, 20)
