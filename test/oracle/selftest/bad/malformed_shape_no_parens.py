# expect: malformed marker
import torch

x = torch.randn(5, 3, 10)
#^ 5, 3, 10
