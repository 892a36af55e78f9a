# GRU regressor documented with shape comments on every line (a common house style); the comments use
# B, T and the sizes. Verified under torch 1.13.
import torch
import torch.nn as nn


class GRURegressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(6, 24)
        self.gru = nn.GRU(24, 48, num_layers=2, batch_first=True)
        self.out = nn.Linear(48, 1)

    def forward(self, x):
        # x: (B, T, 6)
        z = torch.relu(self.proj(x))  # (B, T, 24)
        seq, h = self.gru(z)  # seq: (B, T, 48), h: (2, B, 48)
#       ^ (B, T, 48)
        #    ^ (2, B, 48)
        last = seq[:, -1]  # (B, 48)
#       ^ (B, 48)
        return self.out(last).squeeze(1)  # (B,)


if __name__ == "__main__":
    model = GRURegressor()
    series = torch.randn(12, 20, 6)
    pred = model(series)
#   ^ (12,)
