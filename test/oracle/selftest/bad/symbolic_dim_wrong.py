# expect: dim 1: batch = 3 != 4
import torch


def make(batch):
    h0 = torch.zeros(2, batch + 1, 20)
    #^ (2, batch, 20)
    return h0


make(3)
