# expect: marked RL302 but
# A made-up RL302 on a line where nothing is unpacked as an LSTM state: torch shows nothing of the kind.
import torch
import torch.nn as nn

gru = nn.GRU(10, 20, num_layers=2)
out, h = gru(torch.randn(5, 3, 10))  # warning: RL302
#^ (5, 3, 20)
