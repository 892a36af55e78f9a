# Stock-price window regression written as flat notebook code: the LSTM is built with input_size=WINDOW
# (the sequence length) although each time step carries N_FEATURES values (RL202).
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

lstm = nn.LSTM(input_size=WINDOW, hidden_size=HIDDEN, num_layers=2, batch_first=True)
regressor = nn.Linear(HIDDEN, 1)

xb = X[:8]
out, (h_n, c_n) = lstm(xb)  # error: RL202
last = out[:, -1, :]
pred = regressor(last).squeeze(-1)
