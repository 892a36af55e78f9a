# Two layers for the sample-run command: the palette asks which one unless the cursor is on one.
import torch
import torch.nn as nn

gru = nn.GRU(6, 12, num_layers=2, batch_first=True)
x = torch.randn(3, 9, 6)
out, h = gru(x)
#^ (3, 9, 12)

cell = nn.LSTMCell(6, 8)
