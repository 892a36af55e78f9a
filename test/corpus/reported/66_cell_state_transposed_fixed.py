# GRUCell loop with an initial state of (batch, hidden).
# Fixed twin of 66_cell_state_transposed_bug.py.
import torch
import torch.nn as nn

batch, steps, n_in, n_hid = 4, 6, 3, 7
cell = nn.GRUCell(n_in, n_hid)
readout = nn.Linear(n_hid, 1)
xs = torch.randn(steps, batch, n_in)
h = torch.zeros(batch, n_hid)
#^ (4, 7)
preds = []
for t in range(steps):
    h = cell(xs[t], h)
    #^ (4, 7)
    preds.append(readout(h))
y = torch.cat(preds, dim=1)
#^ (4, 6)
