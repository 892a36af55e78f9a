# expect: the oracle has no torch check for information markers
# An information marker claims something torch cannot confirm: rejected rather than passed unchecked.
import torch
import torch.nn as nn

gru = nn.GRU(10, 20)
out, h = gru(torch.randn(5, 3, 10))  # information: RL302
