# Sizes read from a saved config tensor with .item() (integers); the classifier head takes the hidden
# size although the GRU is bidirectional (RL401).
import torch
import torch.nn as nn

saved = {"hidden": torch.tensor(12), "n_in": torch.tensor(5)}
hidden = saved["hidden"].item()
n_in = saved["n_in"].item()

gru = nn.GRU(n_in, hidden, batch_first=True, bidirectional=True)
head = nn.Linear(hidden, 2)
x = torch.randn(3, 8, 5)
out, h = gru(x)
#^ (3, 8, 24)
#    ^ (2, 3, 12)
pooled = out.mean(dim=1)
#^ (3, 24)
logits = head(pooled)  # error: RL401
