import torch.nn as nn

from ..utils import PAD_IDX, VOCAB_SIZE


class Encoder(nn.Module):
    def __init__(self, emb_dim, hidden):
        super().__init__()
        self.embed = nn.Embedding(VOCAB_SIZE, emb_dim, padding_idx=PAD_IDX)
        self.rnn = nn.GRU(emb_dim, hidden, batch_first=True, bidirectional=True)

    def forward(self, tokens):
        x = self.embed(tokens)
        #^ (5, 17, 48)
        out, h_n = self.rnn(x)
        #^ (5, 17, 80)
        #    ^ (2, 5, 40)
        return out
