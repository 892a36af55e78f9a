import torch
import yaml

from network import SequenceTagger

with open("configs/model.yaml") as fh:
    cfg = yaml.safe_load(fh)

tagger = SequenceTagger(cfg)
x = torch.randn(cfg["batch_size"], cfg["seq_len"], cfg["encoder"]["input_size"])
#^ (3, 16, 20)
scores = tagger(x)
