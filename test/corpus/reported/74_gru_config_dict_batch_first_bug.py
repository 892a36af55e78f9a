# GRU built with nn.GRU(**config) where the dict sets batch_first=True; the initial state is built
# batch-first as well, but states stay (layers, batch, hidden) (RL204).
import torch
import torch.nn as nn

config = dict(input_size=7, hidden_size=11, num_layers=2, batch_first=True)
gru = nn.GRU(**config)
x = torch.randn(5, 13, 7)
out, h = gru(x)
#^ (5, 13, 11)
#    ^ (2, 5, 11)
h0 = torch.zeros(x.size(0), config["num_layers"], config["hidden_size"])
out2, h2 = gru(x, h0)  # error: RL204
last = out2[:, -1]
