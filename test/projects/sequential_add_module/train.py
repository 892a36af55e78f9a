import torch

from crnn import CRNN

model = CRNN(1, 16)
images = torch.randn(3, 1, 2, 20)
#^ (3, 1, 2, 20)
out = model(images)
