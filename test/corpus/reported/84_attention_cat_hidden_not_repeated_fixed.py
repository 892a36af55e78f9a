# Additive attention that repeats the decoder hidden over the T steps before concatenating it with the
# encoder outputs. Fixed twin of 84_attention_cat_hidden_not_repeated_bug.py.
import torch
import torch.nn as nn

T, B, H = 8, 2, 10
encoder = nn.GRU(5, H)
attn = nn.Linear(2 * H, H)
v = nn.Linear(H, 1, bias=False)

encoder_outputs, hidden = encoder(torch.randn(T, B, 5))
#^ (8, 2, 10)
#                ^ (1, 2, 10)
hidden_rep = hidden.repeat(T, 1, 1)
#^ (8, 2, 10)
energy = torch.tanh(attn(torch.cat((hidden_rep, encoder_outputs), dim=2)))
#^ (8, 2, 10)
weights = torch.softmax(v(energy).squeeze(2), dim=0)
#^ (8, 2)
