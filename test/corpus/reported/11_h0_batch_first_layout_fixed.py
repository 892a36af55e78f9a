# batch_first LSTM with h0/c0 laid out (layers, batch, hidden), as torch wants whatever batch_first says.
# Fixed twin of 11_h0_batch_first_layout_bug.py.
import torch
import torch.nn as nn

batch_size, seq_len, n_feat, hidden, layers = 6, 9, 4, 10, 2
lstm = nn.LSTM(n_feat, hidden, num_layers=layers, batch_first=True)
x = torch.randn(batch_size, seq_len, n_feat)
h0 = torch.zeros(layers, batch_size, hidden)
c0 = torch.zeros(layers, batch_size, hidden)
#^ (2, 6, 10)
out, (hn, cn) = lstm(x, (h0, c0))
#^ (6, 9, 10)
#     ^ (2, 6, 10)
final = hn[-1]
#^ (6, 10)
