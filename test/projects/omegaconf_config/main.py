import torch
from omegaconf import OmegaConf
from encoder import Encoder

cfg = OmegaConf.load("config.yaml")
enc = Encoder(cfg.model.features, cfg.model.hidden, cfg.model.layers)
out = enc(torch.randn(cfg.train.batch, 7, cfg.model.features))
#^ (3, 7, 36)
