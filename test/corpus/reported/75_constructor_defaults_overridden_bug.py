# Model whose constructor defaults give ninp == nhid == 200, built as Model(50, 16, 24): the decoder is
# sized with ninp, which works only with the defaults (RL401).
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, ntoken, ninp=200, nhid=200, nlayers=2, dropout=0.5):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(ninp, ntoken)

    def forward(self, input, hidden=None):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        return self.decoder(output), hidden  # error: RL401


model = Model(50, 16, 24)
tokens = torch.randint(0, 50, (10, 3))
emb = model.encoder(tokens)
#^ (10, 3, 16)
output, (h, c) = model.rnn(emb)
#^ (10, 3, 24)
#        ^ (2, 3, 24)
logits, hidden = model(tokens)
