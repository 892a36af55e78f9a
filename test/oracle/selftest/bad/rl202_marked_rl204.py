# expect: `error: RL204` expects
# The input's last dim is wrong (RL202), but the marker says the hidden state is (RL204): both are
# RuntimeErrors; torch's message tells them apart.
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20)
x = torch.randn(5, 3, 12)
out, (h, c) = lstm(x)  # error: RL204
