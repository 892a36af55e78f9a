# Language model that reshapes the LSTM output with view(-1, 2 * nhid) as if it were bidirectional; the
# unidirectional output has nhid features and 3*5*8 elements do not split into rows of 16 (RL404).
import torch
import torch.nn as nn

ntoken, ninp, nhid = 30, 6, 8
emb = nn.Embedding(ntoken, ninp)
lstm = nn.LSTM(ninp, nhid)
decoder = nn.Linear(nhid, ntoken)

inp = torch.randint(0, ntoken, (5, 3))
output, hidden = lstm(emb(inp))
#^ (5, 3, 8)
flat = output.view(-1, 2 * nhid)  # error: RL404
decoded = decoder(flat)
logits = decoded.view(output.size(0), output.size(1), ntoken)
