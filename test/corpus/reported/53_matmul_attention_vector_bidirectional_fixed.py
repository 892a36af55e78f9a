# Attention pooling with a learned vector w of size 2*hidden to match the bidirectional LSTM output.
# Fixed twin of 53_matmul_attention_vector_bidirectional_bug.py.
import torch
import torch.nn as nn


class AttnPool(nn.Module):
    def __init__(self, n_in, hidden):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, batch_first=True, bidirectional=True)
        self.w = nn.Parameter(torch.randn(2 * hidden, 1))

    def forward(self, x):
        out, _ = self.lstm(x)
        scores = torch.matmul(out, self.w).squeeze(-1)
        alpha = torch.softmax(scores, dim=1)
        return (out * alpha.unsqueeze(-1)).sum(dim=1)


pool = AttnPool(3, 10)
x = torch.randn(4, 15, 3)
#^ (4, 15, 3)
v = pool(x)
#^ (4, 20)
