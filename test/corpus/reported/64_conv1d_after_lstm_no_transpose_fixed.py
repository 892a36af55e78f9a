# LSTM followed by a Conv1d smoothing layer over the transposed output (B, H, T).
# Fixed twin of 64_conv1d_after_lstm_no_transpose_bug.py.
import torch
import torch.nn as nn

H = 24
lstm = nn.LSTM(8, H, batch_first=True)
smooth = nn.Conv1d(H, H, kernel_size=3, padding=1)

x = torch.randn(2, 40, 8)
out, _ = lstm(x)
#^ (2, 40, 24)
out_c = out.transpose(1, 2)
#^ (2, 24, 40)
y = smooth(out_c)
#^ (2, 24, 40)
