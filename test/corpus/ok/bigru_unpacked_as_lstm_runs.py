# A classifier switched from LSTM to GRU that kept `output, (hidden, cell) = self.rnn(...)`: it runs only
# because a 1-layer bidirectional GRU's h_n has exactly two rows (forward, backward). Verified under torch 1.13.
import torch
import torch.nn as nn


class ReviewClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim=50, hidden=40, n_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.rnn = nn.GRU(embed_dim, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, n_classes)

    def forward(self, text):
        embedded = self.embedding(text)
        output, (hidden, cell) = self.rnn(embedded)  # warning: RL302
        both = torch.cat((hidden, cell), dim=1)
        return self.fc(both)


if __name__ == "__main__":
    model = ReviewClassifier(400)
    logits = model(torch.randint(0, 400, (6, 15)))
#   ^ (6, 2)
