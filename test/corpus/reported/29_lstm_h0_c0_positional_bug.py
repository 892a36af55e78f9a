# LSTM called as lstm(x, h0, c0): the states go in one tuple argument (RL207).
import torch
import torch.nn as nn


class LSTMModel(nn.Module):
    def __init__(self, input_dim=1, hidden_dim=32, layer_dim=2, output_dim=1):
        super(LSTMModel, self).__init__()
        self.hidden_dim = hidden_dim
        self.layer_dim = layer_dim
        self.lstm = nn.LSTM(input_dim, hidden_dim, layer_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, output_dim)

    def forward(self, x):
        h0 = torch.zeros(self.layer_dim, x.size(0), self.hidden_dim).requires_grad_()
        c0 = torch.zeros(self.layer_dim, x.size(0), self.hidden_dim).requires_grad_()
        out, (hn, cn) = self.lstm(x, h0.detach(), c0.detach())  # error: RL207
        out = self.fc(out[:, -1, :])
        return out


model = LSTMModel()
x = torch.randn(16, 30, 1)
#^ (16, 30, 1)
y = model(x)
