import torch
from models_project import Encoder

model = Encoder(10, 16)
y = model(torch.randn(4, 7, 10))
