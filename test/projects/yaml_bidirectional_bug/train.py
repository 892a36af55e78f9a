import torch
import yaml
from model import Classifier

with open("config.yaml") as f:
    cfg = yaml.safe_load(f)

net = Classifier(cfg["model"])
batch = torch.randn(cfg["data"]["batch_size"], cfg["data"]["seq_len"], cfg["model"]["input_size"])
#^ (4, 9, 16)
logits = net(batch)
