# A CNN + LSTM text classifier in the style of older research repositories: Kim-CNN convolutions of
# several widths in an nn.ModuleList, each max-pooled over time with F.max_pool1d(x, x.size(2)); the
# batch sorted by length (lengths.sort(0, descending=True), index_select) before pack_padded_sequence
# and restored with the inverse permutation (perm.sort(0)); average and adaptive pooling, topk,
# cumprod of gates and an einsum projection.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence


class CNN_LSTM(nn.Module):
    def __init__(self, vocab_size=40, embed_dim=10, kernel_sizes=(2, 3, 4), num_filters=6, hidden=8, n_class=3):
        super(CNN_LSTM, self).__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.convs = nn.ModuleList([nn.Conv1d(embed_dim, num_filters, k) for k in kernel_sizes])
        self.avg = nn.AvgPool1d(3, stride=2, padding=1)
        self.adapt = nn.AdaptiveAvgPool1d(2)
        self.lstm = nn.LSTM(embed_dim, hidden, batch_first=True)
        self.gate = nn.Linear(hidden, hidden)
        self.proj = nn.Parameter(torch.randn(hidden, n_class) * 0.1)
        self.fc = nn.Linear(len(kernel_sizes) * num_filters + 4 * num_filters, n_class)

    def forward(self, x, lengths):
        emb = self.embed(x)                      # (N, L, E)
        c = emb.transpose(1, 2)                  # (N, E, L)
        pooled = [F.max_pool1d(F.relu(conv(c)), F.relu(conv(c)).size(2)).squeeze(2) for conv in self.convs]
        feats = torch.cat(pooled, 1)
        first = F.relu(self.convs[0](c))
        extra = torch.cat([self.adapt(first).flatten(1), F.adaptive_max_pool1d(self.avg(first), 2).flatten(1)], 1)

        sorted_len, perm = lengths.sort(0, descending=True)
        packed = pack_padded_sequence(emb.index_select(0, perm), sorted_len.cpu(), batch_first=True)
        _, (h, _) = self.lstm(packed)
        _, unperm = perm.sort(0)
        h = h[-1].index_select(0, unperm)

        gates = torch.sigmoid(self.gate(h)).cumprod(dim=1)
        lstm_logits = torch.einsum('bh,hc->bc', h * gates, self.proj)
        logits = self.fc(torch.cat([feats, extra], 1)) + lstm_logits
        top_vals, top_idx = logits.topk(2, dim=1, largest=False)
        return logits, top_idx, top_vals, torch.argsort(lengths, descending=True)


model = CNN_LSTM()
x = torch.tensor([[5, 8, 2, 9, 0, 0, 0], [3, 3, 7, 1, 4, 6, 2], [11, 4, 0, 0, 0, 0, 0]])
out = model(x, torch.tensor([4, 7, 2]))
