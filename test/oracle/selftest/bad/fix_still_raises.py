# expect: still raises
# A fix whose result still does not run.
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20)
x = torch.randn(5, 3, 12)
out, (h, c) = lstm(x)  # error: RL202
# fix: Change input_size to 12 -> lstm = nn.LSTM(10, 20, 1)
