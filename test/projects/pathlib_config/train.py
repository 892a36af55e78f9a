import json
from pathlib import Path

import torch
import yaml

from nets.speaker import SpeakerEncoder

CONF = Path(__file__).resolve().parent / "conf"
with (CONF / "model.yaml").open() as f:
    model_cfg = yaml.safe_load(f)
data_cfg = json.loads(CONF.joinpath("data.json").read_text())

encoder = SpeakerEncoder(**model_cfg)
mels = torch.randn(data_cfg["batch_size"], data_cfg["frames"], model_cfg["n_mels"])
#^ (6, 21, 40)
embeds = encoder(mels)
#^ (6, 48)
