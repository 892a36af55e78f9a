# A GRU classifier switched to an LSTM: `_, hidden = self.rnn(x)` now binds the tuple (h_n, c_n) and
# `hidden.squeeze(0)` fails on the tuple (proposed RL303: LSTM state tuple used as a tensor).
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, n_features, n_hidden, n_classes):
        super().__init__()
        self.rnn = nn.LSTM(n_features, n_hidden, batch_first=True)
        self.fc = nn.Linear(n_hidden, n_classes)

    def forward(self, x):
        _, hidden = self.rnn(x)
        last = hidden.squeeze(0)  # error: RL303
        return self.fc(last)


model = Classifier(3, 8, 2)
x = torch.randn(10, 25, 3)
#^ (10, 25, 3)
out = model(x)
seq_out, (h, c) = model.rnn(x)
