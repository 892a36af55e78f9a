# GRU price predictor whose (B, 1) head output is compared with (B, 1) targets.
# Fixed twin of 54_mse_target_column_warning_bug.py.
import numpy as np
import torch
import torch.nn as nn

prices = np.random.rand(12, 8, 1).astype("float32")
next_price = np.random.rand(12, 1).astype("float32")
X = torch.from_numpy(prices)
Y = torch.from_numpy(next_price)
#^ (12, 1)


class PricePredictor(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 16, 2, batch_first=True)
        self.fc = nn.Linear(16, 1)

    def forward(self, x):
        _, h_n = self.gru(x)
        return self.fc(h_n[-1])


model = PricePredictor()
loss_fn = nn.MSELoss()
y_pred = model(X)
#^ (12, 1)
loss = loss_fn(y_pred, Y)
#^ ()
