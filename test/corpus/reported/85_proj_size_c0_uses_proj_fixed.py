# LSTM with proj_size: h0 has proj_size features, c0 hidden_size.
# Fixed twin of 85_proj_size_c0_uses_proj_bug.py.
import torch
import torch.nn as nn


class LSTMP(nn.Module):
    def __init__(self, n_in, hidden, proj, layers=1):
        super().__init__()
        self.hidden, self.proj, self.layers = hidden, proj, layers
        self.lstm = nn.LSTM(n_in, hidden, layers, proj_size=proj, batch_first=True)

    def init_state(self, batch):
        h0 = torch.zeros(self.layers, batch, self.proj)
        c0 = torch.zeros(self.layers, batch, self.hidden)
        return h0, c0

    def forward(self, x):
        out, state = self.lstm(x, self.init_state(x.size(0)))
        return out


m = LSTMP(6, 20, 5)
x = torch.randn(3, 8, 6)
h0, c0 = m.init_state(3)
#^ (1, 3, 5)
#   ^ (1, 3, 20)
y = m(x)
#^ (3, 8, 5)
