import torch.nn as nn

N_MELS = 40


def stacked_lstm(n_in, n_hidden, depth):
    return nn.LSTM(input_size=n_in, hidden_size=n_hidden, num_layers=depth, batch_first=True)
