import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, features, hidden, layers):
        super().__init__()
        self.gru = nn.GRU(features, hidden, layers, batch_first=True, bidirectional=True)

    def forward(self, x):
        out, h = self.gru(x)
        #^ (3, 7, 36)
        #    ^ (4, 3, 18)
        return out
