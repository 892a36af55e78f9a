# Univariate series batch (B, T) unsqueezed to (B, T, 1) for a batch_first LSTM(input_size=1).
# Fixed twin of 91_univariate_missing_feature_dim_bug.py.
import numpy as np
import torch
import torch.nn as nn

series = np.sin(np.linspace(0, 20, 200)).astype(np.float32)
windows = np.stack([series[i:i + 20] for i in range(0, 80, 20)])
x = torch.tensor(windows)
#^ (4, 20)
x = x.unsqueeze(-1)
#^ (4, 20, 1)

model = nn.LSTM(input_size=1, hidden_size=8, batch_first=True)
linear = nn.Linear(8, 1)
out, (h, c) = model(x)
#^ (4, 20, 8)
next_value = linear(out[:, -1, :])
#^ (4, 1)
