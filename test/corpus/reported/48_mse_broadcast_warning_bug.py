# LSTM regressor whose (B, 1) prediction meets a (B,) target in MSELoss: torch broadcasts to (B, B), warns,
# and trains on the wrong loss (proposed RL413, warning: loss target broadcasts).
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
loss = criterion(pred, y)  # warning: RL413
#^ ()
loss.backward()
