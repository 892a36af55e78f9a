# The last forward and backward states of a bidirectional LSTM concatenated along dim 1 (B rows of 2H).
# Fixed twin of 56_cat_last_states_dim0_bug.py.
import torch
import torch.nn as nn

H = 14
lstm = nn.LSTM(input_size=9, hidden_size=H, num_layers=1, bidirectional=True, batch_first=True)
fc = nn.Linear(2 * H, 2)

x = torch.randn(5, 10, 9)
_, (h_n, _) = lstm(x)
#   ^ (2, 5, 14)
h_cat = torch.cat((h_n[0], h_n[1]), dim=1)
#^ (5, 28)
logits = fc(h_cat)
#^ (5, 2)
