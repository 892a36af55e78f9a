# Sequences of different lengths fed one by one; the head reads the last time step, whatever the
# length. Fixed twin of 78_variable_lengths_flatten_head_bug.py.
import torch
import torch.nn as nn

lstm = nn.LSTM(2, 5, batch_first=True)
head = nn.Linear(5, 1)
sequences = [torch.randn(1, 6, 2), torch.randn(1, 4, 2), torch.randn(1, 9, 2)]
preds = []
for s in sequences:
    out, (h, _) = lstm(s)
    #     ^ (1, 1, 5)
    feats = out[:, -1]
    preds.append(head(feats))
scores = torch.cat(preds)
#^ (3, 1)
