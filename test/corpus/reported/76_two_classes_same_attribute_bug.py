# Encoder and decoder classes that both name their layer self.gru with different sizes; the decoder is
# fed the encoder's outputs, 2*hidden wide, but its GRU expects emb_dim (RL202).
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
        self.gru = nn.GRU(emb_dim, hid)
        self.out = nn.Linear(hid, 1)

    def forward(self, memory):
        out, h = self.gru(memory)  # error: RL202
        return self.out(out)


enc = Encoder(8, 12)
dec = Decoder(8, 12)
x = torch.randn(6, 2, 8)
memory = enc(x)
#^ (6, 2, 24)
y = dec(memory)
