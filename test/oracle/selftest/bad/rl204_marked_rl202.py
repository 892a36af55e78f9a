# expect: `error: RL202` expects
# h0's batch is wrong (RL204), but the marker says the input size is (RL202).
import torch
import torch.nn as nn

rnn = nn.RNN(10, 20)
x = torch.randn(5, 3, 10)
h0 = torch.zeros(1, 4, 20)
out, h = rnn(x, h0)  # error: RL202
