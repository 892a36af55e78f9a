# expect: torch gave (5, 3, 40)
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20, bidirectional=True)
out, (h, c) = lstm(torch.randn(5, 3, 10))
#^ (5, 3, 20)
