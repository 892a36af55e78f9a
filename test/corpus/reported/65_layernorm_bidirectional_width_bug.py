# LayerNorm(hidden) applied to a bidirectional GRU output whose last dim is 2*hidden (RL407).
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, d_in, hidden):
        super().__init__()
        self.gru = nn.GRU(d_in, hidden, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(hidden)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.norm(out)  # error: RL407


blk = Block(10, 8)
x = torch.randn(3, 7, 10)
#^ (3, 7, 10)
y = blk(x)
