import torch.nn as nn


class SeqModel(nn.Module):
    def __init__(self, vocab, emb, hidden, layers):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, layers)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, tokens):
        e = self.emb(tokens)
        #^ (14, 5, 24)
        y, (h, c) = self.lstm(e)
        #^ (14, 5, 48)
        #   ^ (2, 5, 48)
        return self.out(y)
