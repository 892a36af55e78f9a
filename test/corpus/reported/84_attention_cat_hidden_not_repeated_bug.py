# Additive attention that concatenates the decoder hidden (1, B, H) with the encoder outputs (T, B, H)
# without repeating it over the T steps (RL403).
import torch
import torch.nn as nn

T, B, H = 8, 2, 10
encoder = nn.GRU(5, H)
attn = nn.Linear(2 * H, H)
v = nn.Linear(H, 1, bias=False)

encoder_outputs, hidden = encoder(torch.randn(T, B, 5))
#^ (8, 2, 10)
#                ^ (1, 2, 10)
hidden_rep = hidden
#^ (1, 2, 10)
energy = torch.tanh(attn(torch.cat((hidden_rep, encoder_outputs), dim=2)))  # error: RL403
weights = torch.softmax(v(energy).squeeze(2), dim=0)
