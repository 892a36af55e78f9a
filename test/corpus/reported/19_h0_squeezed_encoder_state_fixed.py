# Encoder-decoder where the encoder state goes through a bridge Linear and is unsqueezed back to
# (1, batch, hidden) for the decoder GRU. Fixed twin of 19_h0_squeezed_encoder_state_bug.py.
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
h = h.unsqueeze(0)
#^ (1, 3, 32)
dec_out, dec_h = dec(tgt, h)
#^ (7, 3, 32)
#        ^ (1, 3, 32)
