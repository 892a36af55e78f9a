import torch

from config import TrainConfig
from forecaster import Forecaster

cfg = TrainConfig()
model = Forecaster(cfg.model, horizon=3)
x = torch.randn(cfg.batch_size, cfg.window, cfg.model.n_features)
#^ (8, 24, 11)
y_hat = model(x)
#^ (8, 3)
