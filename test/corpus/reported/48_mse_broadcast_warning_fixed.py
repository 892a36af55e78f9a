# LSTM regressor whose (B, 1) prediction is squeezed to (B,) to match the target in MSELoss.
# Fixed twin of 48_mse_broadcast_warning_bug.py.
import torch
import torch.nn as nn

lstm = nn.LSTM(input_size=2, hidden_size=10, batch_first=True)
linear = nn.Linear(10, 1)
criterion = nn.MSELoss()

X = torch.randn(16, 5, 2)
y = torch.randn(16)
out, _ = lstm(X)
#^ (16, 5, 10)
pred = linear(out[:, -1, :])
#^ (16, 1)
loss = criterion(pred.squeeze(-1), y)
#^ ()
loss.backward()
