# expect: dim 1: N = 5 != 3
# `(N, L, 20)` written as `(L, N, 20)`: a letter takes any size, but one size within a file.
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20, batch_first=True)


def run(x):
    out, (h, c) = lstm(x)
    #^ (L, N, 20)
    #     ^ (1, N, 20)
    return out


run(torch.randn(3, 5, 10))
