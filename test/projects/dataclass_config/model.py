import torch.nn as nn
from config import Config


class Model(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.lstm = nn.LSTM(cfg.n_features, cfg.hidden, bidirectional=cfg.bidirectional)
        self.out = nn.Linear(2 * cfg.hidden, 1)

    def forward(self, x):
        seq, (h, c) = self.lstm(x)
        #^ (10, 2, 32)
        #     ^ (2, 2, 16)
        return self.out(seq)
