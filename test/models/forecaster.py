# A time-series forecaster as the many "LSTM for time series prediction" posts write it: h0 / c0 made
# with torch.zeros(...).to(x.device) inside forward, a batch-first 2-layer LSTM, the last time step
# out[:, -1, :] through a Linear head. The file's own input is a sine wave cut into windows with
# torch.arange, slicing and a list comprehension, so its values (not random ones) are what a run uses.
import torch
import torch.nn as nn


class LSTMForecaster(nn.Module):
    def __init__(self, input_size=1, hidden_size=20, num_layers=2, output_size=1):
        super(LSTMForecaster, self).__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(x.device)
        c0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(x.device)

        out, _ = self.lstm(x, (h0, c0))
        out = self.fc(out[:, -1, :])
        return out


seq_length = 12
series = torch.sin(torch.arange(0, 60, dtype=torch.float32) * 0.25)
windows = torch.stack([series[i:i + seq_length] for i in range(0, 40, 8)]).unsqueeze(-1)

model = LSTMForecaster()
model.eval()
with torch.no_grad():
    pred = model(windows)
