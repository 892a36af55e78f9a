import torch.nn as nn
from .layers import make_rnn


class Tagger(nn.Module):
    def __init__(self, n_in, n_hidden, n_tags):
        super().__init__()
        self.rnn = make_rnn(n_in, n_hidden, 2)
        self.head = nn.Linear(n_hidden, n_tags)

    def forward(self, x):
        out, h = self.rnn(x)
        #^ (12, 4, 24)
        #    ^ (2, 4, 24)
        return self.head(out)
