# Dot-product attention over encoder outputs: bmm(query (B, 1, H), keys (B, T, H)) without transposing the
# keys; the inner dims H and T differ (proposed RL414: matmul/bmm shapes).
import torch
import torch.nn as nn
import torch.nn.functional as F

B, T, H = 2, 7, 12
encoder = nn.GRU(4, H, batch_first=True)
decoder_cell = nn.GRUCell(4, H)

src = torch.randn(B, T, 4)
enc_out, enc_h = encoder(src)
#^ (2, 7, 12)
dec_h = decoder_cell(torch.randn(B, 4), enc_h[0])
#^ (2, 12)
query = dec_h.unsqueeze(1)
#^ (2, 1, 12)
scores = torch.bmm(query, enc_out)  # error: RL414
attn = F.softmax(scores, dim=-1)
context = torch.bmm(attn, enc_out)
