import torch.nn as nn


class StockLSTM(nn.Module):
    def __init__(self, n_features, hidden_size, num_layers):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, 1)

    def forward(self, x, h0, c0):
        out, (hn, cn) = self.lstm(x, (h0, c0))  # error: RL204
        return self.fc(out[:, -1, :])
