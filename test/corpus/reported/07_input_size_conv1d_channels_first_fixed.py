# Sensor classifier: Conv1d (batch, channels, time) is transposed to (batch, time, channels) before the
# batch_first LSTM. Fixed twin of 07_input_size_conv1d_channels_first_bug.py.
import torch
import torch.nn as nn

conv = nn.Conv1d(in_channels=6, out_channels=32, kernel_size=5)
lstm = nn.LSTM(input_size=32, hidden_size=48, batch_first=True)
cls = nn.Linear(48, 4)

signals = torch.randn(8, 6, 50)
feat = torch.relu(conv(signals))
#^ (8, 32, 46)
feat = feat.transpose(1, 2)
#^ (8, 46, 32)
out, (h, c) = lstm(feat)
#^ (8, 46, 48)
#     ^ (1, 8, 48)
logits = cls(h.squeeze(0))
#^ (8, 4)
