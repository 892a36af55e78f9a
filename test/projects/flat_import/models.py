import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, vocab, emb, hidden):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, 5)

    def forward(self, x):
        e = self.emb(x)
        #^ (8, 30, 32)
        out, (h, c) = self.lstm(e)
        #^ (8, 30, 128)
        #     ^ (2, 8, 64)
        y = self.fc(out)
        #^ (8, 30, 5)
        return y
