# Language model that reshapes the unidirectional LSTM output with view(-1, nhid).
# Fixed twin of 36_view_numel_bidirectional_width_bug.py.
import torch
import torch.nn as nn

ntoken, ninp, nhid = 30, 6, 8
emb = nn.Embedding(ntoken, ninp)
lstm = nn.LSTM(ninp, nhid)
decoder = nn.Linear(nhid, ntoken)

inp = torch.randint(0, ntoken, (5, 3))
output, hidden = lstm(emb(inp))
#^ (5, 3, 8)
flat = output.view(-1, nhid)
#^ (15, 8)
decoded = decoder(flat)
#^ (15, 30)
logits = decoded.view(output.size(0), output.size(1), ntoken)
#^ (5, 3, 30)
