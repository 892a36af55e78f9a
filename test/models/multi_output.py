# A multi-task sequence encoder as research code writes it: a dict of outputs holding a nested tuple,
# max(dim) unpacked into (values, indices) and indexed with [0] / [1], torch.max over a dim, masking of
# the padding with masked_fill before a softmax-pooled summary, and .eq / .float() / .sum() counts.
import torch
import torch.nn as nn
import torch.nn.functional as F


class MultiTask(nn.Module):
    def __init__(self, vocab=30, emb=10, hidden=14, n_tags=5, n_classes=3, pad=0):
        super().__init__()
        self.pad = pad
        self.embed = nn.Embedding(vocab, emb, padding_idx=pad)
        self.encoder = nn.LSTM(emb, hidden, batch_first=True, bidirectional=True)
        self.tagger = nn.Linear(2 * hidden, n_tags)
        self.score = nn.Linear(2 * hidden, 1)
        self.cls = nn.Sequential(nn.Linear(4 * hidden, hidden), nn.Tanh(), nn.Linear(hidden, n_classes))

    def forward(self, tokens):
        mask = tokens.eq(self.pad)
        enc, (h, c) = self.encoder(self.embed(tokens))
        tag_logits = self.tagger(enc)
        tag_probs, tag_ids = F.softmax(tag_logits, dim=-1).max(dim=-1)
        scores = self.score(enc).squeeze(-1).masked_fill(mask, -1e9)
        weights = torch.softmax(scores, dim=1)
        pooled = (weights.unsqueeze(-1) * enc).sum(dim=1)
        maxed = torch.max(enc.masked_fill(mask.unsqueeze(-1), float('-inf')), 1)[0]
        logits = self.cls(torch.cat([pooled, maxed], dim=-1))
        n_real = (~mask).float().sum(1)
        return {
            'logits': logits,
            'tags': (tag_ids, tag_probs),
            'state': ((h, c), n_real),
            'best': logits.max(1)[1],
        }


model = MultiTask()
tokens = torch.tensor([[3, 7, 12, 5, 0, 0], [8, 2, 0, 0, 0, 0], [4, 4, 9, 21, 17, 6]])
out = model(tokens)
