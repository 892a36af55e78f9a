# A decoder switched from LSTM to GRU still builds (h0, c0) and passes the tuple; a GRU takes one tensor
# (RL205).
import torch
import torch.nn as nn

num_layers, hidden_size = 2, 18
rnn = nn.GRU(6, hidden_size, num_layers, batch_first=True)
x = torch.randn(4, 10, 6)
h0 = torch.zeros(num_layers, 4, hidden_size)
c0 = torch.zeros(num_layers, 4, hidden_size)
#^ (2, 4, 18)
out, h_n = rnn(x, (h0, c0))  # error: RL205
top = h_n[-1]
