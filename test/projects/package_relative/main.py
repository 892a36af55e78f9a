import torch
from tagger import Tagger

tagger = Tagger(10, 24, 7)
scores = tagger(torch.randn(12, 4, 10))
#^ (12, 4, 7)
