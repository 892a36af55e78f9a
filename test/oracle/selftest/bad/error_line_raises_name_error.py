# expect: `error: RL202` is not confirmed by NameError
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20)
x = torch.randn(5, 3, 12)
#^ (5, 3, 12)
out, (h, c) = lstm(xx)  # error: RL202
