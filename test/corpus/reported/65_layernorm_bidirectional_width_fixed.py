# LayerNorm(2*hidden) applied to a bidirectional GRU output.
# Fixed twin of 65_layernorm_bidirectional_width_bug.py.
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, d_in, hidden):
        super().__init__()
        self.gru = nn.GRU(d_in, hidden, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(2 * hidden)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.norm(out)


blk = Block(10, 8)
x = torch.randn(3, 7, 10)
#^ (3, 7, 10)
y = blk(x)
#^ (3, 7, 16)
