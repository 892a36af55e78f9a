# expect: torch gave (1, 3, 20)
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20, proj_size=5)
out, (h, c) = lstm(torch.randn(5, 3, 10))
#        ^ (1, 3, 5)
