# LSTMP configured with proj_size smaller than hidden_size.
# Fixed twin of 61_proj_size_larger_than_hidden_bug.py.
import torch
import torch.nn as nn

config = {"input_size": 40, "hidden_size": 128, "proj_size": 32, "num_layers": 2}


class SpeechEncoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.lstm = nn.LSTM(cfg["input_size"], cfg["hidden_size"], num_layers=cfg["num_layers"], proj_size=cfg["proj_size"], batch_first=True)

    def forward(self, feats):
        out, _ = self.lstm(feats)
        return out


feats = torch.randn(2, 30, 40)
#^ (2, 30, 40)
enc = SpeechEncoder(config)
out = enc(feats)
#^ (2, 30, 32)
