# A good fixture: hover markers on rebound names, reads, attributes and tuple targets; letters and
# `self` sizes; a fix marker whose result runs.
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.gru = nn.GRU(10, hidden_size, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden_size, 2)

    def forward(self, x):
        out, h = self.gru(x)
        #^ hover: (N, L, 2*hidden_size)
        #    ^ hover: (2, N, hidden_size)
        self.last = out
        #^ hover: (N, L, 40)
        #           ^ hover: (N, L, 2*hidden_size)
        out = self.fc(out)
        #^ hover: (N, L, 2)
        #             ^ hover: (N, L, 2*hidden_size)
        return out


y = Net(20)(torch.randn(4, 6, 10))
#^ hover: (4, 6, 2)
lstm = nn.LSTM(10, 20)
z = lstm(torch.randn(5, 3, 12))  # error: RL202
# fix: Change input_size to 12 -> lstm = nn.LSTM(12, 20)
