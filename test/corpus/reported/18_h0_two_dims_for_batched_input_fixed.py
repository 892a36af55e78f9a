# GRU regressor whose h0 is (num_layers, batch, hidden) for its 3-D batched input.
# Fixed twin of 18_h0_two_dims_for_batched_input_bug.py.
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
        h0 = torch.zeros(1, batch_size, self.hidden)
        #^ (1, batch_size, 16)
        out, h_n = self.gru(x, h0)
        #^ (batch_size, L, 16)
        return self.head(h_n[-1])


model = Regressor()
x = torch.randn(5, 12, 4)
y = model(x)
#^ (5, 1)
