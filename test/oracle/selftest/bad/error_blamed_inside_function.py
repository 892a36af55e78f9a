# expect: line 8: raised but has no error marker
import torch
import torch.nn as nn


def run(x):
    lstm = nn.LSTM(10, 20)
    return lstm(x)


run(torch.randn(5, 3, 12))  # error: RL202
