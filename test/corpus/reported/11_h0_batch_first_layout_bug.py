# batch_first LSTM whose h0/c0 were laid out batch-first too, (batch, layers, hidden); torch keeps the
# states as (layers, batch, hidden) whatever batch_first says (RL204).
import torch
import torch.nn as nn

batch_size, seq_len, n_feat, hidden, layers = 6, 9, 4, 10, 2
lstm = nn.LSTM(n_feat, hidden, num_layers=layers, batch_first=True)
x = torch.randn(batch_size, seq_len, n_feat)
h0 = torch.zeros(batch_size, layers, hidden)
c0 = torch.zeros(batch_size, layers, hidden)
#^ (6, 2, 10)
out, (hn, cn) = lstm(x, (h0, c0))  # error: RL204
final = hn[-1]
