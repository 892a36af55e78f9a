# expect: 3 * hidden_size = 60 != 40
# A size kept in `self.hidden_size` is evaluated there: `2*hidden_size` written as `3*hidden_size` is wrong.
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.gru = nn.GRU(10, hidden_size, batch_first=True, bidirectional=True)

    def forward(self, x):
        out, h = self.gru(x)
        last = out[:, -1]
        #^ (N, 3*hidden_size)
        return last


Net(20)(torch.randn(4, 6, 10))
