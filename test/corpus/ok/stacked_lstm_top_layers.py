# ELMo-style summary from the top two layers of a stacked LSTM (h_n[-2:]), with jaxtyping-style annotations
# through a small local alias (jaxtyping itself is not installed). Verified under torch 1.13.
import torch
import torch.nn as nn
from torch import Tensor


class _Shaped:
    """Stand-in for jaxtyping's Float: Float[Tensor, "batch seq 16"] evaluates to the class itself."""

    def __class_getitem__(cls, item):
        return cls


Float = _Shaped
Int = _Shaped


class TopLayersEncoder(nn.Module):
    def __init__(self, vocab: int, dim: int = 16, hidden: int = 24, layers: int = 3, n_out: int = 10):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, hidden, layers, batch_first=True)
        self.head = nn.Linear(2 * hidden, n_out)

    def forward(self, tokens: Int[Tensor, "batch seq"]) -> Float[Tensor, "batch 10"]:
        B, T = tokens.size()
        x = self.embed(tokens)
        out, (h_n, c_n) = self.lstm(x)
        top = h_n[-2:]
        #^ (2, 5, 24)
        summary = top.transpose(0, 1).reshape(B, -1)
        #^ (5, 48)
        return self.head(summary)


if __name__ == "__main__":
    enc = TopLayersEncoder(vocab=300)
    feats = enc(torch.randint(0, 300, (5, 13)))
#   ^ (5, 10)
