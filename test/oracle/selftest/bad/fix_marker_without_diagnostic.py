# expect: which has no diagnostic marker
# A fix marker must sit under a line with a diagnostic marker.
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20)
# fix: Change input_size to 12 -> lstm = nn.LSTM(12, 20)
out, (h, c) = lstm(torch.randn(5, 3, 12))  # error: RL202
