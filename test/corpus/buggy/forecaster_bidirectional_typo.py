# Buggy variant of ok/timeseries_lstm_forecaster.py: a misspelt keyword (bidirectionnal) is rejected by the LSTM constructor.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn

LOOKBACK = 24
HORIZON = 6


class LSTMForecaster(nn.Module):
    def __init__(self, input_size=1, hidden_size=50, num_layers=1, horizon=HORIZON):
        super().__init__()
        self.lstm = nn.LSTM(input_size=input_size, hidden_size=hidden_size, num_layers=num_layers, batch_first=True, bidirectionnal=True)  # error: RL108
        self.linear = nn.Linear(hidden_size, horizon)

    def forward(self, x):
        x, _ = self.lstm(x)
        x = self.linear(x[:, -1, :])
        return x


if __name__ == "__main__":
    series = torch.sin(torch.arange(0, 400, dtype=torch.float32) / 10)
    windows = series.unfold(0, LOOKBACK, 1)[:64]
    inputs = windows.unsqueeze(-1)
    model = LSTMForecaster()
    preds = model(inputs)
