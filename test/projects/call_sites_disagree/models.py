import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, n_in, n_hidden):
        super().__init__()
        self.gru = nn.GRU(n_in, n_hidden, batch_first=True)

    def forward(self, x):
        batch_size, seq_len, _ = x.shape
        out, h = self.gru(x)
        #^ (batch_size, seq_len, 32)
        #    ^ (1, batch_size, 32)
        return h.squeeze(0)
