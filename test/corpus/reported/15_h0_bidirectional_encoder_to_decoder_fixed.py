# Bidirectional LSTM encoder whose two direction states are summed into the 1-row state of a
# unidirectional decoder. Fixed twin of 15_h0_bidirectional_encoder_to_decoder_bug.py.
import torch
import torch.nn as nn

H = 24
encoder = nn.LSTM(10, H, bidirectional=True)
decoder = nn.LSTM(10, H)
generator = nn.Linear(H, 50)

src = torch.randn(9, 4, 10)
tgt = torch.randn(6, 4, 10)
enc_out, (h_n, c_n) = encoder(src)
#^ (9, 4, 48)
#         ^ (2, 4, 24)
h0 = h_n[0:1] + h_n[1:2]
c0 = c_n[0:1] + c_n[1:2]
#^ (1, 4, 24)
dec_out, (h1, c1) = decoder(tgt, (h0, c0))
#^ (6, 4, 24)
logits = generator(dec_out)
#^ (6, 4, 50)
