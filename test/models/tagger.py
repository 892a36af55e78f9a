# A bidirectional GRU sequence tagger over padded batches: packed sequences (unsorted lengths), LayerNorm,
# masking of the padding, and a dict of outputs (logits, a sentence vector from h_n, probabilities).
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class Tagger(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden, num_tags):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.gru = nn.GRU(emb_dim, hidden, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(2 * hidden)
        self.proj = nn.Linear(2 * hidden, num_tags)
        self.dropout = nn.Dropout(0.3)

    def forward(self, tokens, lengths):
        x = self.dropout(self.emb(tokens))
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, h = self.gru(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=tokens.size(1))
        out = self.norm(out)
        logits = self.proj(torch.relu(out))
        mask = (tokens != 0).unsqueeze(-1)
        logits = logits.masked_fill(~mask, 0.0)
        sentence = torch.cat([h[0], h[1]], dim=-1)
        return {'logits': logits, 'sentence': sentence, 'probs': torch.softmax(logits, dim=-1)}


tagger = Tagger(30, 12, 16, 5)
tokens = torch.tensor([[3, 4, 5, 6, 0, 0], [7, 8, 9, 10, 11, 12], [2, 3, 0, 0, 0, 0]])
lengths = torch.tensor([4, 6, 2])
result = tagger(tokens, lengths)
