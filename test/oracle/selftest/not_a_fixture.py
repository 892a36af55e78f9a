# expect: no markers at all
import torch

x = torch.randn(5, 3, 10)
