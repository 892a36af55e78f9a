import torch.nn as nn


class RNNEncoder(nn.Module):
    def __init__(self, input_dim, hidden, layers, bidirectional):
        super().__init__()
        self.rnn = nn.LSTM(input_dim, hidden, layers, batch_first=True, bidirectional=bidirectional)
        self.norm = nn.LayerNorm(hidden * (2 if bidirectional else 1))

    def forward(self, x):
        out, (h, c) = self.rnn(x)
        #^ (4, 12, 52)
        #     ^ (4, 4, 26)
        return self.norm(out)
