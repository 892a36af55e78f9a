# Bidirectional GRU whose h_n (2, B, H) is transposed to (B, 2, H) and flattened with .reshape(B, -1).
# Fixed twin of 39_view_hn_after_transpose_bug.py.
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, n_in, n_hidden):
        super().__init__()
        self.n_hidden = n_hidden
        self.gru = nn.GRU(n_in, n_hidden, batch_first=True, bidirectional=True)
        self.proj = nn.Linear(2 * n_hidden, n_hidden)

    def forward(self, x):
        _, h_n = self.gru(x)
        B = x.size(0)
        both = h_n.transpose(0, 1).reshape(B, -1)
        #^ (B, 2*n_hidden)
        return torch.tanh(self.proj(both))


enc = Encoder(4, 9)
x = torch.randn(5, 13, 4)
#^ (5, 13, 4)
z = enc(x)
#^ (5, 9)
