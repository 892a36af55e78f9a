# Buggy variant of ok/siamese_bilstm_pair.py: the MLP expects 4 * hidden features but each sentence vector is 2 * hidden wide (bidirectional).
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn


class SiameseBiLSTM(nn.Module):
    def __init__(self, vocab, emb_dim=50, hidden=64, n_labels=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb_dim)
        self.encoder = nn.LSTM(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.mlp = nn.Sequential(nn.Linear(4 * hidden, hidden), nn.Tanh(), nn.Linear(hidden, n_labels))

    def encode(self, tokens):
        out, _ = self.encoder(self.embed(tokens))
        return torch.max(out, dim=1)[0]

    def forward(self, premise, hypothesis):
        u = self.encode(premise)
        v = self.encode(hypothesis)
        features = torch.cat((u, v, torch.abs(u - v), u * v), dim=1)
        return self.mlp(features)  # error: RL401
        # fix: Change in_features to 8 * hidden -> self.mlp = nn.Sequential(nn.Linear(8 * hidden, hidden), nn.Tanh(), nn.Linear(hidden, n_labels))


if __name__ == "__main__":
    model = SiameseBiLSTM(1000)
    premise = torch.randint(0, 1000, (7, 14))
    hypothesis = torch.randint(0, 1000, (7, 9))
    logits = model(premise, hypothesis)
