# Attention pooling with a learned vector w of size hidden: the bidirectional LSTM output has 2*hidden
# features, so out @ w fails (proposed RL414: matmul/bmm shapes).
import torch
import torch.nn as nn


class AttnPool(nn.Module):
    def __init__(self, n_in, hidden):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, batch_first=True, bidirectional=True)
        self.w = nn.Parameter(torch.randn(hidden, 1))

    def forward(self, x):
        out, _ = self.lstm(x)
        scores = torch.matmul(out, self.w).squeeze(-1)  # error: RL414
        alpha = torch.softmax(scores, dim=1)
        return (out * alpha.unsqueeze(-1)).sum(dim=1)


pool = AttnPool(3, 10)
x = torch.randn(4, 15, 3)
#^ (4, 15, 3)
v = pool(x)
