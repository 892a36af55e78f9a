# An LSTM encoder switched to a GRU, but forward still unpacks (h, c) from the GRU's single 1-row state
# (RL301).
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, vocab_size, emb_dim, hid_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.rnn = nn.GRU(emb_dim, hid_dim)
        self.dropout = nn.Dropout(0.1)

    def forward(self, src):
        embedded = self.dropout(self.embedding(src))
        outputs, (hidden, cell) = self.rnn(embedded)  # error: RL301
        return hidden


enc = Encoder(100, 16, 32)
src = torch.randint(0, 100, (12, 5))
#^ (12, 5)
context = enc(src)
ctx = context.squeeze(0)
