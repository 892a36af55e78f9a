# Training step that moves a batch with `X, X_len, Y, Y_len = [t.to(device) for t in batch]` and
# builds the LSTM state from X.size(0). Fixed twin of 69_batch_list_comprehension_unpack_bug.py.
import torch
import torch.nn as nn

device = torch.device("cpu")
cfg = {"batch_size": 32, "hidden": 12, "layers": 1}


def collate(n):
    X = torch.randn(n, 9, 5)
    Y = torch.randint(0, 3, (n,))
    return X, torch.full((n,), 9), Y, torch.ones(n)


lstm = nn.LSTM(5, cfg["hidden"], cfg["layers"], batch_first=True).to(device)
clf = nn.Linear(cfg["hidden"], 3).to(device)
batch = collate(6)
X, X_len, Y, Y_len = [t.to(device) for t in batch]
#^ (6, 9, 5)
bs = X.size(0)
h0 = torch.zeros(cfg["layers"], bs, cfg["hidden"], device=device)
c0 = torch.zeros(cfg["layers"], bs, cfg["hidden"], device=device)
out, (hn, cn) = lstm(X, (h0, c0))
#^ (6, 9, 12)
#     ^ (1, 6, 12)
logits = clf(hn[-1])
#^ (6, 3)
