# GRU built with nn.GRU(**config) where the dict sets batch_first=True; the initial state is
# (layers, batch, hidden). Fixed twin of 74_gru_config_dict_batch_first_bug.py.
import torch
import torch.nn as nn

config = dict(input_size=7, hidden_size=11, num_layers=2, batch_first=True)
gru = nn.GRU(**config)
x = torch.randn(5, 13, 7)
out, h = gru(x)
#^ (5, 13, 11)
#    ^ (2, 5, 11)
h0 = torch.zeros(config["num_layers"], x.size(0), config["hidden_size"])
out2, h2 = gru(x, h0)
#^ (5, 13, 11)
last = out2[:, -1]
#^ (5, 11)
