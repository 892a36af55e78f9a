import torch.nn as nn


class SeqEncoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        enc = cfg.model.encoder
        self.gru = nn.GRU(enc.input_dim, enc.hidden_dim, cfg.model.num_layers, batch_first=True)

    def forward(self, x):
        out, h = self.gru(x)
        #^ (7, 11, 30)
        #    ^ (2, 7, 30)
        return out
