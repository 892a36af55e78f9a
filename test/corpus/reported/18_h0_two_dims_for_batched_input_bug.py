# GRU regressor whose h0 is torch.zeros(batch, hidden) - 2-D - while the input is a 3-D batch; batched
# input needs a 3-D (num_layers, batch, hidden) state (RL203).
import torch
import torch.nn as nn


class Regressor(nn.Module):
    def __init__(self, n_in=4, hidden=16):
        super().__init__()
        self.hidden = hidden
        self.gru = nn.GRU(n_in, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        batch_size = x.shape[0]
        h0 = torch.zeros(batch_size, self.hidden)
        #^ (batch_size, 16)
        out, h_n = self.gru(x, h0)  # error: RL203
        return self.head(h_n[-1])


model = Regressor()
x = torch.randn(5, 12, 4)
y = model(x)
