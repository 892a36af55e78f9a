# A model that scores one unbatched sequence (L, F) at a time but builds its h0 with a batch dim of 1,
# (layers, 1, H); for 2-D input torch wants a 2-D h0 (RL203).
import torch
import torch.nn as nn


class Scorer(nn.Module):
    def __init__(self, n_in=3, hid=9, layers=2):
        super().__init__()
        self.layers = layers
        self.hid = hid
        self.rnn = nn.RNN(n_in, hid, layers)
        self.score = nn.Linear(hid, 1)

    def forward(self, seq):
        h0 = torch.zeros(self.layers, 1, self.hid)
        out, h = self.rnn(seq, h0)  # error: RL203
        return self.score(h[-1])


scorer = Scorer()
one = torch.randn(15, 3)
#^ (15, 3)
out, h = scorer.rnn(one)
#^ (15, 9)
#    ^ (2, 9)
s = scorer(one)
