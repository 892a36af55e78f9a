# A small model for the `rnnlens run` tests: make_fixtures.py imports it to save weights and torch's outputs.
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 16, num_layers=2, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(32, 4)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out)


gru = nn.GRU(5, 7, num_layers=1)
cell = nn.LSTMCell(6, 9)
