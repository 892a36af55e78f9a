import torch
import torch.nn as nn

from .encoder import Encoder
from ..utils import directions


class TextClassifier(nn.Module):
    def __init__(self, emb_dim=32, hidden=64, n_classes=2):
        super().__init__()
        self.encoder = Encoder(emb_dim, hidden)
        self.head = nn.Linear(directions(True) * hidden, n_classes)

    def forward(self, tokens):
        states = self.encoder(tokens)
        #^ (5, 17, 80)
        pooled = states.mean(dim=1)
        #^ (5, 80)
        return torch.softmax(self.head(pooled), dim=-1)
