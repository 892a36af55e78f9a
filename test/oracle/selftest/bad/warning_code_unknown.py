# expect: knows no torch behaviour for this warning code
# A warning marker with an error's code on a line that runs.
import torch
import torch.nn as nn

gru = nn.GRU(10, 20)
out, h = gru(torch.randn(5, 3, 10))  # warning: RL202
