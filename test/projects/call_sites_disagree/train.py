import torch

from evaluate import evaluate
from models import Encoder

model = Encoder(20, 32)
code = model(torch.randn(4, 10, 20))
#^ (4, 32)
one = evaluate(model)
#^ (1, 32)
