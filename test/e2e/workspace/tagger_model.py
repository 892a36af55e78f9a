# A whole model for the "Run model" code lens: Embedding -> bidirectional LSTM -> Linear, built and called
# below (the editor test runs it and reads the result panel).
import torch
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self, vocab, emb, hidden, tags):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, tags)

    def forward(self, tokens):
        x = self.emb(tokens)
        h, _ = self.lstm(x)
        return torch.log_softmax(self.out(h), dim=-1)


model = Tagger(100, 16, 32, 5)
tokens = torch.randint(0, 100, (4, 7))
scores = model(tokens)
