# 2-layer bidirectional LSTM: h_n is viewed as (layers, 2, B, H) and the last layer's two directions
# are concatenated into 2*H features. Fixed twin of 34_hn_view_folds_layers_bug.py.
import torch
import torch.nn as nn

num_layers, H = 2, 10
lstm = nn.LSTM(5, H, num_layers=num_layers, bidirectional=True)
head = nn.Linear(2 * H, 3)

x = torch.randn(8, 4, 5)
out, (h_n, c_n) = lstm(x)
#     ^ (4, 4, 10)
B = x.size(1)
h = h_n.view(num_layers, 2, B, H)
#^ (2, 2, 4, 10)
last = torch.cat([h[-1, 0], h[-1, 1]], dim=1)
#^ (4, 20)
y = head(last)
#^ (4, 3)
