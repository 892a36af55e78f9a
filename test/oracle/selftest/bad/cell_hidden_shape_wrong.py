# expect: torch gave (3, 20)
import torch
import torch.nn as nn

cell = nn.LSTMCell(10, 20)
h, c = cell(torch.randn(3, 10))
#  ^ (3, 10)
