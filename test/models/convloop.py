# A research-style encoder: a Conv1d feature extractor with GELU, an LSTMCell unrolled over time steps
# with a list of states, mean/max pooling over time, LayerNorm, and a classifier head with log_softmax.
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvCellEncoder(nn.Module):
    def __init__(self, in_ch, channels, hidden, classes):
        super().__init__()
        self.conv = nn.Conv1d(in_ch, channels, kernel_size=3, padding=1)
        self.cell = nn.LSTMCell(channels, hidden)
        self.norm = nn.LayerNorm(hidden * 2)
        self.head = nn.Sequential(nn.Linear(hidden * 2, hidden), nn.Tanh(), nn.Linear(hidden, classes))
        self.hidden = hidden

    def forward(self, x):
        feats = F.gelu(self.conv(x.transpose(1, 2)))
        feats = feats.permute(2, 0, 1).contiguous()
        batch = x.size(0)
        h = torch.zeros(batch, self.hidden)
        c = torch.zeros(batch, self.hidden)
        states = []
        for t in range(feats.size(0)):
            h, c = self.cell(feats[t], (h, c))
            if t % 2 == 0:
                states.append(h)
            else:
                states.append(h * 0.5 + c.sigmoid() * 0.5)
        seq = torch.stack(states, dim=1)
        pooled = torch.cat([seq.mean(dim=1), seq.max(dim=1)[0]], dim=-1)
        z = self.norm(pooled)
        scores = self.head(z)
        total = seq.sum(-1).flatten()
        return F.log_softmax(scores, dim=-1), total[:4], seq[:, -1, 1:3] @ torch.ones(2, 3)


enc = ConvCellEncoder(6, 10, 12, 4)
out = enc(torch.randn(3, 7, 6))
