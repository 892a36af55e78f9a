# Bahdanau-style decoder step that concatenates the context (B, 1, H) and the embedded token (B, 1, E)
# along dim 1 (time) instead of dim 2 (features); H != E so torch.cat fails (RL403).
import torch
import torch.nn as nn


class BahdanauDecoder(nn.Module):
    def __init__(self, vocab, emb_dim, hid_dim):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb_dim)
        self.attn = nn.Linear(2 * hid_dim, 1)
        self.rnn = nn.GRU(emb_dim + hid_dim, hid_dim, batch_first=True)
        self.out = nn.Linear(hid_dim, vocab)

    def forward(self, token, hidden, enc_out):
        T = enc_out.size(1)
        query = hidden[-1].unsqueeze(1).repeat(1, T, 1)
        energy = self.attn(torch.cat((query, enc_out), dim=2)).squeeze(2)
        weights = torch.softmax(energy, dim=1).unsqueeze(1)
        context = torch.bmm(weights, enc_out)
        embedded = self.embedding(token).unsqueeze(1)
        rnn_in = torch.cat((embedded, context), dim=1)  # error: RL403
        output, hidden = self.rnn(rnn_in, hidden)
        return self.out(output.squeeze(1)), hidden


dec = BahdanauDecoder(vocab=20, emb_dim=6, hid_dim=10)
enc_out = torch.randn(3, 8, 10)
hidden = torch.zeros(1, 3, 10)
token = torch.tensor([1, 1, 1])
#^ (3,)
logits, hidden = dec(token, hidden, enc_out)
