# expect: ran without raising
import torch
import torch.nn as nn

rnn = nn.RNN(10, 20)
out, h = rnn(torch.randn(5, 3, 10))  # error: RL202
