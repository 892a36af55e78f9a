import torch
from models import Encoder

model = Encoder(100, 32, 64)
x = torch.randint(0, 100, (8, 30))
y = model(x)
#^ (8, 30, 5)
