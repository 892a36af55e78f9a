# Flat script with a tuple assignment continued over lines with a backslash; the head after the LSTM is
# sized with the input width instead of the hidden width (RL401).
import torch
import torch.nn as nn

n_features, n_hidden, n_layers = 4, 14, 2
lstm = nn.LSTM(n_features, n_hidden, n_layers)
head = nn.Linear(n_features, 1)

seq = torch.randn(11, 5, n_features)
h0, c0 = torch.zeros(n_layers, 5, n_hidden), \
    torch.zeros(n_layers, 5, n_hidden)
output, (h_n, c_n) = lstm(seq, (h0, c0))
#^ (11, 5, 14)
#        ^ (2, 5, 14)
y = head(output[-1])  # error: RL401
