# The last forward and backward states of a bidirectional LSTM concatenated with torch.cat(..., dim=0):
# that stacks them as 2B rows of H instead of B rows of 2H, and the head rejects it (RL401).
import torch
import torch.nn as nn

H = 14
lstm = nn.LSTM(input_size=9, hidden_size=H, num_layers=1, bidirectional=True, batch_first=True)
fc = nn.Linear(2 * H, 2)

x = torch.randn(5, 10, 9)
_, (h_n, _) = lstm(x)
#   ^ (2, 5, 14)
h_cat = torch.cat((h_n[0], h_n[1]), dim=0)
#^ (10, 14)
logits = fc(h_cat)  # error: RL401
