# Bidirectional LSTM encoder whose (h_n, c_n) - 2 rows, one per direction - start a unidirectional
# 1-layer decoder; the decoder wants 1 row (RL204).
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
h0 = h_n
c0 = c_n
#^ (2, 4, 24)
dec_out, (h1, c1) = decoder(tgt, (h0, c0))  # error: RL204
logits = generator(dec_out)
