# expect: dim 0: 1 = 1 != 2
import torch

for i in range(3):
    h = torch.zeros(i + 1, 3)
    #^ (1, 3)
