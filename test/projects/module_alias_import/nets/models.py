import torch.nn as nn

from nets.layers import stacked_lstm


class Seq2Vec(nn.Module):
    def __init__(self, n_in, n_hidden, depth):
        super().__init__()
        self.lstm = stacked_lstm(n_in, n_hidden, depth)
        self.proj = nn.Linear(n_hidden, n_hidden)

    def forward(self, frames):
        out, (h, c) = self.lstm(frames)
        #^ (3, 120, 96)
        #     ^ (2, 3, 96)
        return self.proj(h[-1])
