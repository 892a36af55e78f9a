import torch.nn as nn


def make_gru(n_in, *rest, hidden=16):
    """Extra positional arguments go to nn.GRU after hidden_size (num_layers, bias, ...)."""
    return nn.GRU(n_in, hidden, *rest, batch_first=True)


def lazy_names(group, first, *others):
    names = (first, *others)
    return [group + "." + n for n in names]
