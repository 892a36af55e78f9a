# expect: expected a tensor, got tuple
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20)
out, h = lstm(torch.randn(5, 3, 10))
#    ^ (1, 3, 20)
