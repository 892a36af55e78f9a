# Buggy variant of ok/sequential_embed_lstm_head.py: dropout given as a percentage (20) instead of a probability.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
from torch import nn


class SeqModel(nn.Module):
    def __init__(self, vocab=800, dim=64, hidden=96, classes=7):
        super().__init__()
        self.front = nn.Sequential(nn.Embedding(vocab, dim), nn.Dropout(0.1))
        self.lstm = nn.LSTM(dim, hidden, num_layers=2, dropout=20)  # error: RL104
        self.head = nn.Sequential(
            nn.Linear(hidden, hidden // 2),
            nn.ReLU(),
            nn.Dropout(0.2),
            nn.Linear(hidden // 2, classes),
        )

    def forward(self, tokens):
        x = self.front(tokens)
        outputs, _ = self.lstm(x)
        pooled = outputs.mean(0)
        return self.head(pooled)


if __name__ == "__main__":
    model = SeqModel()
    tokens = torch.randint(0, 800, (21, 3))
    logits = model(tokens)
