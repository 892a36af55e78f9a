# Sequences of different lengths fed one by one; the head flattens the whole LSTM output and was sized for
# the first sequence's length, so the second (shorter) one fails (RL401).
import torch
import torch.nn as nn

lstm = nn.LSTM(2, 5, batch_first=True)
head = nn.Linear(6 * 5, 1)
sequences = [torch.randn(1, 6, 2), torch.randn(1, 4, 2), torch.randn(1, 9, 2)]
preds = []
for s in sequences:
    out, (h, _) = lstm(s)
    #     ^ (1, 1, 5)
    feats = out.reshape(1, -1)
    preds.append(head(feats))  # error: RL401
scores = torch.cat(preds)
