import os

import torch
import yaml

from model import SpeechClassifier

cfg = yaml.safe_load(open(os.path.join(os.path.dirname(__file__), "configs/base.yaml")))
model = SpeechClassifier(**cfg["model"])
batch = torch.randn(cfg["data"]["batch_size"], cfg["data"]["max_len"], cfg["model"]["input_size"])
logits = model(batch)
#^ (6, 4)
