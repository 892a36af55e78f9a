# Univariate time-series forecaster (the "airline passengers" tutorials): a window of past values, an LSTM
# and a Linear that predicts the next `horizon` values. Verified under torch 1.13.
import torch
import torch.nn as nn

LOOKBACK = 24
HORIZON = 6


class LSTMForecaster(nn.Module):
    def __init__(self, input_size=1, hidden_size=50, num_layers=1, horizon=HORIZON):
        super().__init__()
        self.lstm = nn.LSTM(input_size=input_size, hidden_size=hidden_size, num_layers=num_layers, batch_first=True)
        self.linear = nn.Linear(hidden_size, horizon)

    def forward(self, x):
        x, _ = self.lstm(x)
        x = self.linear(x[:, -1, :])
        return x


if __name__ == "__main__":
    series = torch.sin(torch.arange(0, 400, dtype=torch.float32) / 10)
    windows = series.unfold(0, LOOKBACK, 1)[:64]
#   ^ (64, 24)
    inputs = windows.unsqueeze(-1)
#   ^ (64, 24, 1)
    model = LSTMForecaster()
    preds = model(inputs)
#   ^ (64, 6)
