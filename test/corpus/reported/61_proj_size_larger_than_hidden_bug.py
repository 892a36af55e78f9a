# LSTMP configured with proj_size larger than hidden_size (the two swapped); proj_size must be smaller
# (RL103).
import torch
import torch.nn as nn

config = {"input_size": 40, "hidden_size": 32, "proj_size": 128, "num_layers": 2}


class SpeechEncoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.lstm = nn.LSTM(cfg["input_size"], cfg["hidden_size"], num_layers=cfg["num_layers"], proj_size=cfg["proj_size"], batch_first=True)  # error: RL103

    def forward(self, feats):
        out, _ = self.lstm(feats)
        return out


feats = torch.randn(2, 30, 40)
#^ (2, 30, 40)
enc = SpeechEncoder(config)
out = enc(feats)
