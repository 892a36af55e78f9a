# A GRU encoder whose forward unpacks the single hidden state a GRU returns.
# Fixed twin of 25_unpack_gru_as_lstm_bug.py.
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
        outputs, hidden = self.rnn(embedded)
        return hidden


enc = Encoder(100, 16, 32)
src = torch.randint(0, 100, (12, 5))
#^ (12, 5)
context = enc(src)
#^ (1, 5, 32)
ctx = context.squeeze(0)
#^ (5, 32)
