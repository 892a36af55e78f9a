import json

from factory import build_model

with open("config/experiment.json") as f:
    cfg = json.load(f)

model = build_model(cfg)
