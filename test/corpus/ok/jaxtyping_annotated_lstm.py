# Jaxtyping-style annotations on forward (jaxtyping is not installed here, so the annotations are plain
# strings, as `from __future__ import annotations` would make them). Verified under torch 1.13.
import torch
from torch import Tensor, nn


class Encoder(nn.Module):
    def __init__(self, n_in: int = 10, hidden: int = 32, n_out: int = 5):
        super().__init__()
        self.hidden = hidden
        self.lstm = nn.LSTM(n_in, hidden, batch_first=True)
        self.head = nn.Linear(hidden, n_out)

    def forward(self, x: "Float[Tensor, 'batch seq 10']") -> "Float[Tensor, 'batch 5']":
        out, (h_n, c_n) = self.lstm(x)
#       ^ (batch, seq, hidden)
        #          ^ (1, batch, hidden)
        last: "Float[Tensor, 'batch 32']" = h_n[-1]
        return self.head(last)


if __name__ == "__main__":
    enc = Encoder()
    scores = enc(torch.randn(3, 11, 10))
#   ^ (3, 5)
