# Attention whose encoder is seq-first: its outputs (T, B, H) go into bmm with a batch-first query
# (B, 1, H), so the batch dims disagree (proposed RL414: matmul/bmm shapes).
import torch
import torch.nn as nn


class LuongAttn(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size

    def forward(self, dec_hidden, encoder_outputs):
        keys = encoder_outputs
        energies = torch.bmm(keys, dec_hidden.unsqueeze(2)).squeeze(2)  # error: RL414
        return torch.softmax(energies, dim=1)


T, B, H = 9, 3, 16
encoder = nn.LSTM(6, H)
attn = LuongAttn(H)
enc_outputs, (h_n, c_n) = encoder(torch.randn(T, B, 6))
#^ (9, 3, 16)
#             ^ (1, 3, 16)
weights = attn(h_n[-1], enc_outputs)
