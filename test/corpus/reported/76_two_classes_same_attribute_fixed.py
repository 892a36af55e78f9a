# Encoder and decoder classes that both name their layer self.gru with different sizes; the decoder's
# GRU takes the encoder's 2*hidden outputs. Fixed twin of 76_two_classes_same_attribute_bug.py.
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, emb_dim, hid):
        super().__init__()
        self.gru = nn.GRU(emb_dim, hid, bidirectional=True)

    def forward(self, x):
        out, h = self.gru(x)
        return out


class Decoder(nn.Module):
    def __init__(self, emb_dim, hid):
        super().__init__()
        self.gru = nn.GRU(2 * hid, hid)
        self.out = nn.Linear(hid, 1)

    def forward(self, memory):
        out, h = self.gru(memory)
        return self.out(out)


enc = Encoder(8, 12)
dec = Decoder(8, 12)
x = torch.randn(6, 2, 8)
memory = enc(x)
#^ (6, 2, 24)
y = dec(memory)
#^ (6, 2, 1)
