# Sizes read from a saved config tensor with .item() (integers); the head takes 2 * hidden features
# from the bidirectional GRU. Fixed twin of 71_item_sized_hidden_bug.py.
import torch
import torch.nn as nn

saved = {"hidden": torch.tensor(12), "n_in": torch.tensor(5)}
hidden = saved["hidden"].item()
n_in = saved["n_in"].item()

gru = nn.GRU(n_in, hidden, batch_first=True, bidirectional=True)
head = nn.Linear(2 * hidden, 2)
x = torch.randn(3, 8, 5)
out, h = gru(x)
#^ (3, 8, 24)
#    ^ (2, 3, 12)
pooled = out.mean(dim=1)
#^ (3, 24)
logits = head(pooled)
#^ (3, 2)
