import torch

from builder import cfg, model

tokens = torch.randint(0, cfg["model"]["vocab"], (cfg["seq_len"], cfg["batch"]))
logits = model(tokens)
#^ (14, 5, 120)
