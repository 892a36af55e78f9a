# A 2-layer unidirectional LSTM: the top layer's state is h_n[1] (= h_n[-1]).
# Fixed twin of 62_hn_index_past_layers_bug.py.
import torch
import torch.nn as nn

lstm = nn.LSTM(6, 12, num_layers=2)
x = torch.randn(10, 3, 6)
output, (h_n, c_n) = lstm(x)
#^ (10, 3, 12)
#        ^ (2, 3, 12)
top = h_n[1]
#^ (3, 12)
