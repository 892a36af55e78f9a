# LSTM followed by a Conv1d smoothing layer: the batch_first LSTM output is (B, T, H) but Conv1d wants
# channels (H) on dim 1 (RL408).
import torch
import torch.nn as nn

H = 24
lstm = nn.LSTM(8, H, batch_first=True)
smooth = nn.Conv1d(H, H, kernel_size=3, padding=1)

x = torch.randn(2, 40, 8)
out, _ = lstm(x)
#^ (2, 40, 24)
out_c = out
#^ (2, 40, 24)
y = smooth(out_c)  # error: RL408
