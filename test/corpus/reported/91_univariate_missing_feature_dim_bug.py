# Univariate series batch (B, T) fed to a batch_first LSTM(input_size=1) without unsqueeze(-1): torch reads
# the 2-D tensor as one unbatched sequence of B steps with T features (RL202).
import numpy as np
import torch
import torch.nn as nn

series = np.sin(np.linspace(0, 20, 200)).astype(np.float32)
windows = np.stack([series[i:i + 20] for i in range(0, 80, 20)])
x = torch.tensor(windows)
#^ (4, 20)

model = nn.LSTM(input_size=1, hidden_size=8, batch_first=True)
linear = nn.Linear(8, 1)
out, (h, c) = model(x)  # error: RL202
next_value = linear(out[:, -1, :])
