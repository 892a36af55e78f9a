# expect: not under the start of a name
import torch

x = torch.randn(5, 3, 10)
# ^ (5, 3, 10)
