# Stock-price window regression written as flat notebook code: windows (batch, WINDOW, N_FEATURES)
# into a batch_first LSTM with input_size=N_FEATURES. Fixed twin of 03_input_size_is_seq_len_bug.py.
import torch
import torch.nn as nn

WINDOW = 10
N_FEATURES = 3
HIDDEN = 24

series = torch.randn(40, N_FEATURES)
windows = series.unfold(0, WINDOW, 1)
#^ (31, 3, 10)
X = windows.permute(0, 2, 1)
#^ (31, 10, 3)
y = series[WINDOW:, 0]

lstm = nn.LSTM(input_size=N_FEATURES, hidden_size=HIDDEN, num_layers=2, batch_first=True)
regressor = nn.Linear(HIDDEN, 1)

xb = X[:8]
out, (h_n, c_n) = lstm(xb)
#^ (8, 10, 24)
#     ^ (2, 8, 24)
last = out[:, -1, :]
#^ (8, 24)
pred = regressor(last).squeeze(-1)
#^ (8,)
