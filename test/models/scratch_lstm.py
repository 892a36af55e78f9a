# An LSTM written from scratch as blog posts and courses write it: an LSTMCell of two Linear layers whose
# gates come from chunk(4, 1), F.sigmoid / F.tanh and torch.mul, reset_parameters through w.data.uniform_,
# unrolled over x[:, seq, :] with a list; heads in an nn.ModuleDict (self.heads['cls']) and an MLP in
# nn.Sequential(OrderedDict([...])) whose state_dict names are the given ones (mlp.fc1.weight).
import math
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F


class LSTMCellScratch(nn.Module):
    def __init__(self, input_size, hidden_size, bias=True):
        super(LSTMCellScratch, self).__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.x2h = nn.Linear(input_size, 4 * hidden_size, bias=bias)
        self.h2h = nn.Linear(hidden_size, 4 * hidden_size, bias=bias)
        self.reset_parameters()

    def reset_parameters(self):
        std = 1.0 / math.sqrt(self.hidden_size)
        for w in self.parameters():
            w.data.uniform_(-std, std)

    def forward(self, x, hidden):
        hx, cx = hidden
        x = x.view(-1, x.size(1))
        gates = self.x2h(x) + self.h2h(hx)
        gates = gates.squeeze()
        ingate, forgetgate, cellgate, outgate = gates.chunk(4, 1)
        ingate = F.sigmoid(ingate)
        forgetgate = F.sigmoid(forgetgate)
        cellgate = F.tanh(cellgate)
        outgate = F.sigmoid(outgate)
        cy = torch.mul(cx, forgetgate) + torch.mul(ingate, cellgate)
        hy = torch.mul(outgate, F.tanh(cy))
        return (hy, cy)


class ScratchLSTMModel(nn.Module):
    def __init__(self, input_dim, hidden_dim, layer_dim, output_dim):
        super(ScratchLSTMModel, self).__init__()
        self.hidden_dim = hidden_dim
        self.layer_dim = layer_dim
        self.lstm = LSTMCellScratch(input_dim, hidden_dim, layer_dim)
        self.heads = nn.ModuleDict({'cls': nn.Linear(hidden_dim, output_dim), 'reg': nn.Linear(hidden_dim, 1)})
        self.mlp = nn.Sequential(OrderedDict([
            ('fc1', nn.Linear(hidden_dim, hidden_dim)),
            ('act', nn.ReLU()),
            ('fc2', nn.Linear(hidden_dim, hidden_dim)),
        ]))

    def forward(self, x):
        h0 = torch.zeros(self.layer_dim, x.size(0), self.hidden_dim)
        c0 = torch.zeros(self.layer_dim, x.size(0), self.hidden_dim)
        outs = []
        cn = c0[0, :, :]
        hn = h0[0, :, :]
        for seq in range(x.size(1)):
            hn, cn = self.lstm(x[:, seq, :], (hn, cn))
            outs.append(hn)
        out = outs[-1].squeeze()
        out = self.mlp(out)
        seqs = torch.stack(outs, dim=1)
        steps = [s.mean() for s in seqs.unbind(1)]
        return self.heads['cls'](out), self.heads['reg'](out).squeeze(-1), torch.stack(steps)


model = ScratchLSTMModel(28, 16, 1, 10)
out = model(torch.randn(4, 7, 28))
