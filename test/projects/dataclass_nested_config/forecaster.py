import torch
import torch.nn as nn

from config import ModelConfig


class Forecaster(nn.Module):
    def __init__(self, cfg: ModelConfig, horizon: int = 1):
        super().__init__()
        self.cfg = cfg
        self.lstm = nn.LSTM(cfg.n_features, cfg.d_hidden, cfg.n_layers, batch_first=True, dropout=cfg.dropout)
        self.head = nn.Linear(cfg.d_hidden, horizon)

    def forward(self, window):
        h0 = torch.zeros(self.cfg.n_layers, window.size(0), self.cfg.d_hidden)
        #^ (2, 8, 36)
        out, (h, c) = self.lstm(window, (h0, torch.zeros_like(h0)))
        #^ (8, 24, 36)
        return self.head(out[:, -1, :])
