# GRUCell loop whose initial state was written (hidden, batch) instead of (batch, hidden) (RL208).
import torch
import torch.nn as nn

batch, steps, n_in, n_hid = 4, 6, 3, 7
cell = nn.GRUCell(n_in, n_hid)
readout = nn.Linear(n_hid, 1)
xs = torch.randn(steps, batch, n_in)
h = torch.zeros(n_hid, batch)
#^ (7, 4)
preds = []
for t in range(steps):
    h = cell(xs[t], h)  # error: RL208
    preds.append(readout(h))
y = torch.cat(preds, dim=1)
