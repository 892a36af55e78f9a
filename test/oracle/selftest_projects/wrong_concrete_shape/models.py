import torch.nn as nn


class Enc(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.gru = nn.GRU(4, hidden, bidirectional=True)

    def forward(self, x):
        out, h = self.gru(x)
        #^ (5, 2, 8)
        return out
