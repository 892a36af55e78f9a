import torch.nn as nn

from .encoder import RecurrentEncoder
from .head import TaggingHead


class SequenceTagger(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.encoder = RecurrentEncoder(**cfg["encoder"])
        self.head = TaggingHead(cfg["encoder"]["hidden_size"], cfg["head"]["num_labels"])

    def forward(self, x):
        states = self.encoder(x)
        #^ (3, 16, 80)
        return self.head(states)
