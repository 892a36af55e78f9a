# A one-layer LSTM given dropout=0.2 (copied from a multi-layer config): torch warns that the recurrent
# dropout does nothing with num_layers=1; the model still runs. Verified under torch 1.13.
import torch
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self, n_words, n_tags, emb=32, hidden=48):
        super().__init__()
        self.emb = nn.Embedding(n_words, emb)
        self.lstm = nn.LSTM(emb, hidden, batch_first=True, dropout=0.2)  # warning: RL105
        self.out = nn.Linear(hidden, n_tags)

    def forward(self, words):
        h, _ = self.lstm(self.emb(words))
        return self.out(h)


if __name__ == "__main__":
    tagger = Tagger(1000, 12)
    scores = tagger(torch.randint(0, 1000, (2, 19)))
#   ^ (2, 19, 12)
