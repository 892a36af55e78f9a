# expect: shape marker never ran
import torch
import torch.nn as nn


def f():
    rnn = nn.RNN(10, 20)
    out, h = rnn(torch.randn(5, 3, 10))
    #^ (5, 3, 20)
