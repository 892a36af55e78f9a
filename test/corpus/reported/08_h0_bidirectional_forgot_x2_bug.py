# Old-style bidirectional LSTM classifier (autograd.Variable, .cuda() behind a flag) whose init_hidden
# sizes h0/c0 with num_layers rows instead of num_layers * 2 (RL204).
import torch
import torch.nn as nn
from torch import autograd

USE_CUDA = False


class BiLSTMClassifier(nn.Module):
    def __init__(self, input_dim, hidden_dim, num_layers, n_labels):
        super(BiLSTMClassifier, self).__init__()
        self.hidden_dim = hidden_dim
        self.num_layers = num_layers
        self.lstm = nn.LSTM(input_dim, hidden_dim, num_layers, bidirectional=True)
        self.hidden2label = nn.Linear(hidden_dim * 2, n_labels)

    def init_hidden(self, batch_size):
        h0 = autograd.Variable(torch.zeros(self.num_layers, batch_size, self.hidden_dim))
        c0 = autograd.Variable(torch.zeros(self.num_layers, batch_size, self.hidden_dim))
        if USE_CUDA:
            h0, c0 = h0.cuda(), c0.cuda()
        return h0, c0

    def forward(self, x):
        hidden = self.init_hidden(x.size(1))
        lstm_out, hidden = self.lstm(x, hidden)  # error: RL204
        y = self.hidden2label(lstm_out[-1])
        return y


model = BiLSTMClassifier(10, 15, 2, 4)
h0, c0 = model.init_hidden(6)
#^ (2, 6, 15)
x = autograd.Variable(torch.randn(12, 6, 10))
#^ (12, 6, 10)
scores = model(x)
