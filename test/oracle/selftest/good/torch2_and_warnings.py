# A good fixture: a torch2 marker that 1.13 runs, an RL105 warning and an RL302 warning.
import torch
import torch.nn as nn

rnn = nn.RNN(10, 20, 2, 'sigmoid')  # error: RL101 torch2
gru = nn.GRU(10, 20, dropout=0.5)  # warning: RL105
bi = nn.GRU(10, 20, bidirectional=True)
out, (h, c) = bi(torch.randn(5, 3, 10))  # warning: RL302
#        ^ (3, 20)
