# Seq-first LSTM output transposed to batch-first and then flattened with .view(B, -1): the transposed
# tensor is not contiguous, torch cannot view it (proposed RL410: view of a non-contiguous tensor).
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
flat = out_bf.view(B, -1)  # error: RL410
logits = fc(flat)
