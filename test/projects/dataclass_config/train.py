import torch
from config import Config
from model import Model

cfg = Config()
model = Model(cfg)
pred = model(torch.randn(10, 2, cfg.n_features))
#^ (10, 2, 1)
