# Multi-step forecaster that predicts a horizon of 3 values per series but is scored against one value
# per series: (B, 3) and (B,) do not broadcast (RL409).
import torch
import torch.nn as nn

HORIZON = 3


class Forecaster(nn.Module):
    def __init__(self, n_features=1, hidden=20, horizon=HORIZON):
        super().__init__()
        self.gru = nn.GRU(n_features, hidden, num_layers=2, batch_first=True)
        self.head = nn.Linear(hidden, horizon)

    def forward(self, x):
        _, h = self.gru(x)
        return self.head(h[-1])


series = torch.randn(4, 30, 1)
model = Forecaster()
preds = model(series[:, :-HORIZON])
#^ (4, 3)
target = series[:, -1, 0]
#^ (4,)
loss = nn.functional.mse_loss(preds, target)  # error: RL409
