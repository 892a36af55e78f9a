# Small models for the `rnnlens run` tests: make_fixtures.py imports this file to save weights and
# torch's outputs; test/unit/cli-run.test.ts runs its layers through the CLI.
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


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(5, 7, num_layers=1)
        self.cell = nn.LSTMCell(6, 9)

    def forward(self, x):
        out, h = self.gru(x)
        return out
