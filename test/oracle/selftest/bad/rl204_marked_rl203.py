# expect: `error: RL203` expects
# h0 has the right rank but the wrong size (RL204), marked as a rank error (RL203).
import torch
import torch.nn as nn

gru = nn.GRU(10, 20)
x = torch.randn(5, 3, 10)
out, h = gru(x, torch.zeros(1, 3, 10))  # error: RL203
