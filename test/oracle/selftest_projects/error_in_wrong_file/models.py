import torch.nn as nn


class Enc(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.gru = nn.GRU(4, hidden)

    def forward(self, x):
        out, h = self.gru(x)
        return out
