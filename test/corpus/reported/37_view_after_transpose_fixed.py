# Seq-first LSTM output transposed to batch-first and flattened with .reshape(B, -1).
# Fixed twin of 37_view_after_transpose_bug.py.
import torch
import torch.nn as nn

T, B, F, H = 6, 4, 3, 5
lstm = nn.LSTM(F, H)
fc = nn.Linear(T * H, 2)

x = torch.randn(T, B, F)
out, _ = lstm(x)
#^ (6, 4, 5)
out_bf = out.transpose(0, 1)
#^ (4, 6, 5)
flat = out_bf.reshape(B, -1)
#^ (4, 30)
logits = fc(flat)
#^ (4, 2)
