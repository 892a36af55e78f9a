# A stacked residual GRU encoder over a list of variable-length sequences, as research code writes it:
# pad_sequence, lengths from a list comprehension, nn.ModuleList layers zipped and enumerated, F.dropout
# with self.training, LayerNorm on the residual sum, the last real step picked with gather, a reversed
# copy with torch.flip, and heads added with setattr / getattr by formatted name.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence


class StackedResidual(nn.Module):
    def __init__(self, dim=8, n_layers=3, dropout=0.2, n_out=4):
        super(StackedResidual, self).__init__()
        self.layers = nn.ModuleList([nn.GRU(dim, dim, batch_first=True) for _ in range(n_layers)])
        self.norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(n_layers)])
        self.dropout = dropout
        self.n_layers = n_layers
        for i in range(2):
            setattr(self, 'head%d' % i, nn.Linear(dim, n_out))

    def forward(self, seqs):
        x = pad_sequence(seqs, batch_first=True)
        lengths = torch.tensor([len(s) for s in seqs])
        states = []
        for i, (rnn, norm) in enumerate(zip(self.layers, self.norms)):
            y, h = rnn(x)
            y = F.dropout(y, self.dropout, self.training)
            x = norm(x + y)
            states.append(h[-1])
        rev = torch.flip(x, dims=[1])
        idx = (lengths - 1).view(-1, 1, 1).expand(-1, 1, x.size(2))
        last = x.gather(1, idx).squeeze(1)
        outs = [getattr(self, f'head{i}')(last) for i in range(2)]
        return torch.stack(states, 0), outs[0] + outs[1], rev.cumsum(1)


model = StackedResidual()
seqs = [torch.randn(5, 8), torch.randn(3, 8), torch.randn(4, 8)]
out = model(seqs)
