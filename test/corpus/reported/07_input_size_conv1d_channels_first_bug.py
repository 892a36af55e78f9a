# Sensor classifier: a Conv1d front end returns (batch, channels, time) and that tensor goes straight into
# a batch_first LSTM, whose last dim is then time, not channels (RL202).
import torch
import torch.nn as nn

conv = nn.Conv1d(in_channels=6, out_channels=32, kernel_size=5)
lstm = nn.LSTM(input_size=32, hidden_size=48, batch_first=True)
cls = nn.Linear(48, 4)

signals = torch.randn(8, 6, 50)
feat = torch.relu(conv(signals))
#^ (8, 32, 46)
out, (h, c) = lstm(feat)  # error: RL202
logits = cls(h.squeeze(0))
