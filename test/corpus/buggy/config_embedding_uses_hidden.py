# Buggy variant of ok/config_dataclass_model.py: the embedding width is cfg.hidden but the LSTM expects cfg.embed_dim inputs.
# torch raises on the line marked `# error:` (verified under torch 1.13).
from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass
class ModelConfig:
    vocab_size: int = 5000
    embed_dim: int = 128
    hidden: int = 256
    num_layers: int = 2
    bidirectional: bool = True
    num_classes: int = 4
    dropout: float = 0.3


class TextRNN(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        directions = 2 if cfg.bidirectional else 1
        self.embedding = nn.Embedding(cfg.vocab_size, cfg.hidden)
        self.rnn = nn.LSTM(cfg.embed_dim, cfg.hidden, cfg.num_layers, batch_first=True,
                           dropout=cfg.dropout, bidirectional=cfg.bidirectional)
        self.classifier = nn.Linear(cfg.hidden * directions, cfg.num_classes)

    def forward(self, tokens):
        emb = self.embedding(tokens)
        out, _ = self.rnn(emb)  # error: RL202
        # fix: Change input_size to 256 -> self.rnn = nn.LSTM(256, cfg.hidden, cfg.num_layers, batch_first=True,
        return self.classifier(out[:, -1, :])


if __name__ == "__main__":
    cfg = ModelConfig()
    model = TextRNN(cfg)
    tokens = torch.randint(0, cfg.vocab_size, (8, 40))
    logits = model(tokens)
