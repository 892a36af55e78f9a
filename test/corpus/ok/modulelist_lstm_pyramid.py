# Pyramid of LSTMs in an nn.ModuleList (Listen-Attend-Spell listener style): each level halves the time
# axis by concatenating neighbouring frames, so the next level's input_size is 2 * 2 * hidden. Verified under torch 1.13.
import torch
import torch.nn as nn


class PyramidListener(nn.Module):
    def __init__(self, input_dim, hidden, levels=3):
        super().__init__()
        self.layers = nn.ModuleList()
        in_dim = input_dim
        for i in range(levels):
            self.layers.append(nn.LSTM(in_dim, hidden, batch_first=True, bidirectional=True))
            in_dim = 2 * hidden * 2

    def forward(self, x):
        for i, lstm in enumerate(self.layers):
            if i > 0:
                B, T, D = x.shape
                x = x[:, : T // 2 * 2, :].reshape(B, T // 2, D * 2)
            x, _ = lstm(x)
        return x


if __name__ == "__main__":
    listener = PyramidListener(40, 32)
    feats = torch.randn(2, 64, 40)
    encoded = listener(feats)
#   ^ (2, 16, 64)
