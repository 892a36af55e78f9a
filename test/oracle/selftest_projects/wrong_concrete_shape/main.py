import torch
from models import Enc

out = Enc(8)(torch.randn(5, 2, 4))
