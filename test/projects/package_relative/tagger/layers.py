import torch.nn as nn


def make_rnn(n_in, n_hidden, layers):
    return nn.GRU(n_in, n_hidden, num_layers=layers)
