# Inputs whose values come from the file: token ids written out with torch.tensor([[...]]) and
# positions from torch.arange inside forward, added to the token embeddings (learned positional
# embeddings before an LSTM, as transformer-era hybrids do); the file's call is the run's input.
import torch
import torch.nn as nn


class PositionalLSTM(nn.Module):
    def __init__(self, vocab=20, dim=8, max_len=16, hidden=10):
        super().__init__()
        self.tok = nn.Embedding(vocab, dim)
        self.pos = nn.Embedding(max_len, dim)
        self.norm = nn.LayerNorm(dim)
        self.lstm = nn.LSTM(dim, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, tokens, offset):
        positions = torch.arange(tokens.size(1), device=tokens.device).unsqueeze(0).expand_as(tokens)
        x = self.norm(self.tok(tokens) + self.pos(positions + offset))
        out, (h, c) = self.lstm(x)
        return self.head(out), h.squeeze(0)


model = PositionalLSTM()
tokens = torch.tensor([[3, 1, 4, 1, 5], [9, 2, 6, 5, 3]])
logits, h = model(tokens, torch.arange(2).view(2, 1) * 3)
