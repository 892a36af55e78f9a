# Multi-step forecaster scored against targets of the same (B, horizon) shape.
# Fixed twin of 49_mse_horizon_vs_scalar_target_bug.py.
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
target = series[:, -HORIZON:, 0]
#^ (4, 3)
loss = nn.functional.mse_loss(preds, target)
#^ ()
