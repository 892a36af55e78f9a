# Reading a sub-layer's weight inside forward, as tied-embedding language models do: the output
# projection F.linear(x, self.emb.weight, self.out_bias) with a bias Parameter, and a similarity
# against all embeddings with torch.matmul(h, self.emb.weight.t()); a GRU in between.
import torch
import torch.nn as nn
import torch.nn.functional as F


class TiedLM(nn.Module):
    def __init__(self, vocab, dim):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.rnn = nn.GRU(dim, dim, batch_first=True)
        self.proj = nn.Linear(dim, dim, bias=False)
        self.out_bias = nn.Parameter(torch.zeros(vocab))

    def forward(self, tokens):
        x = self.emb(tokens)
        h, _ = self.rnn(x)
        logits = F.linear(self.proj(h), self.emb.weight, self.out_bias)
        sim = torch.matmul(h[:, -1], self.emb.weight.t()) / self.emb.weight.size(1) ** 0.5
        return logits, sim


model = TiedLM(25, 8)
out = model(torch.randint(0, 25, (2, 7)))
