# A GRU decoder given its single initial hidden tensor.
# Fixed twin of 28_gru_given_state_tuple_bug.py.
import torch
import torch.nn as nn

num_layers, hidden_size = 2, 18
rnn = nn.GRU(6, hidden_size, num_layers, batch_first=True)
x = torch.randn(4, 10, 6)
h0 = torch.zeros(num_layers, 4, hidden_size)
c0 = torch.zeros(num_layers, 4, hidden_size)
#^ (2, 4, 18)
out, h_n = rnn(x, h0)
#^ (4, 10, 18)
#    ^ (2, 4, 18)
top = h_n[-1]
#^ (4, 18)
