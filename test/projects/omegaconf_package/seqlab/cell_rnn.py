import torch
import torch.nn as nn


class CellRNN(nn.Module):
    """Unrolls a GRUCell over the time steps."""

    def __init__(self, cfg):
        super().__init__()
        self.hidden = cfg.model.hidden
        self.cell = nn.GRUCell(cfg.model.n_in, cfg.model.hidden)

    def forward(self, x):
        h = torch.zeros(x.size(1), self.hidden)
        #^ (9, 22)
        outs = []
        for t in range(x.size(0)):
            h = self.cell(x[t], h)
            outs.append(h)
        seq = torch.stack(outs)
        #^ (15, 9, 22)
        return seq
