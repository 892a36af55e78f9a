import torch
import yaml
from omegaconf import OmegaConf

from seq_encoder import SeqEncoder

with open("params.yaml") as f:
    cfg = OmegaConf.create(yaml.safe_load(f))
model = SeqEncoder(cfg)
x = torch.randn(cfg.batch, 11, cfg.model.encoder.input_dim)
#^ (7, 11, 9)
y = model(x)
#^ (7, 11, 30)
