# Encoder-decoder where the encoder state is squeezed to (batch, hidden) for a bridge Linear and that 2-D
# tensor starts the decoder GRU on a 3-D batch (RL203).
import torch
import torch.nn as nn

enc = nn.GRU(8, 32)
bridge = nn.Linear(32, 32)
dec = nn.GRU(8, 32)

src = torch.randn(10, 3, 8)
tgt = torch.randn(7, 3, 8)
_, h = enc(src)
#  ^ (1, 3, 32)
h = torch.tanh(bridge(h.squeeze(0)))
#^ (3, 32)
dec_out, dec_h = dec(tgt, h)  # error: RL203
