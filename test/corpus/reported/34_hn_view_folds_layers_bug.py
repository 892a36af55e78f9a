# 2-layer bidirectional LSTM whose h_n (layers*2, B, H) is flattened with h_n.view(B, -1): that folds all
# layers and directions into 4*H features per row, and the head expects 2*H (RL401).
import torch
import torch.nn as nn

num_layers, H = 2, 10
lstm = nn.LSTM(5, H, num_layers=num_layers, bidirectional=True)
head = nn.Linear(2 * H, 3)

x = torch.randn(8, 4, 5)
out, (h_n, c_n) = lstm(x)
#     ^ (4, 4, 10)
B = x.size(1)
last = h_n.view(B, -1)
#^ (4, 40)
y = head(last)  # error: RL401
