# Two encoders whose outputs are both batch-first before being concatenated on the feature dim.
# Fixed twin of 57_cat_seq_first_and_batch_first_bug.py.
import torch
import torch.nn as nn

word_enc = nn.GRU(12, 8)
char_enc = nn.GRU(5, 4, batch_first=True)

words = torch.randn(4, 10, 12)
chars = torch.randn(4, 10, 5)
w_out, _ = word_enc(words.transpose(0, 1))
#^ (10, 4, 8)
w_out = w_out.transpose(0, 1)
#^ (4, 10, 8)
c_out, _ = char_enc(chars)
#^ (4, 10, 4)
both = torch.cat([w_out, c_out], dim=2)
#^ (4, 10, 12)
