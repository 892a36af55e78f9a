# Two encoders, one seq-first (GRU default) and one batch_first, whose outputs are concatenated on the
# feature dim: (T, B, H) and (B, T, H) disagree on dims 0 and 1 (RL403).
import torch
import torch.nn as nn

word_enc = nn.GRU(12, 8)
char_enc = nn.GRU(5, 4, batch_first=True)

words = torch.randn(4, 10, 12)
chars = torch.randn(4, 10, 5)
w_out, _ = word_enc(words.transpose(0, 1))
#^ (10, 4, 8)
c_out, _ = char_enc(chars)
#^ (4, 10, 4)
both = torch.cat([w_out, c_out], dim=2)  # error: RL403
