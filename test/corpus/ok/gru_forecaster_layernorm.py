# Multivariate forecaster: stacked GRU, LayerNorm on the last hidden state, a GELU MLP head that emits
# (horizon, n_features) through view. Verified under torch 1.13.
import torch
from torch import nn


class GRUForecaster(nn.Module):
    def __init__(self, n_features, hidden=64, layers=3, horizon=12):
        super().__init__()
        self.n_features = n_features
        self.horizon = horizon
        self.hidden = hidden
        self.gru = nn.GRU(n_features, hidden, layers, batch_first=True, dropout=0.1)
        self.norm = nn.LayerNorm(hidden)
        self.head = nn.Sequential(
            nn.Linear(hidden, hidden),
            nn.GELU(),
            nn.Linear(hidden, horizon * n_features),
        )

    def forward(self, x):
        B, T, F = x.shape
        _, h_n = self.gru(x)
        last = self.norm(h_n[-1])
#       ^ (B, hidden)
        flat = self.head(last)
        pred = flat.view(B, self.horizon, self.n_features)
#       ^ (B, horizon, n_features)
        return pred


if __name__ == "__main__":
    model = GRUForecaster(n_features=7)
    batch = torch.randn(16, 96, 7)
    forecast = model(batch)
#   ^ (16, 12, 7)
