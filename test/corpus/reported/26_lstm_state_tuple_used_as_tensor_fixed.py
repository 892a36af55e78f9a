# An LSTM classifier that unpacks `_, (hidden, _)` so hidden is h_n.
# Fixed twin of 26_lstm_state_tuple_used_as_tensor_bug.py.
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, n_features, n_hidden, n_classes):
        super().__init__()
        self.rnn = nn.LSTM(n_features, n_hidden, batch_first=True)
        self.fc = nn.Linear(n_hidden, n_classes)

    def forward(self, x):
        _, (hidden, _) = self.rnn(x)
        last = hidden.squeeze(0)
        return self.fc(last)


model = Classifier(3, 8, 2)
x = torch.randn(10, 25, 3)
#^ (10, 25, 3)
out = model(x)
#^ (10, 2)
seq_out, (h, c) = model.rnn(x)
#^ (10, 25, 8)
#         ^ (1, 10, 8)
