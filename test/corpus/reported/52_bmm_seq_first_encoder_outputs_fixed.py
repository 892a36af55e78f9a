# Attention whose seq-first encoder outputs (T, B, H) are transposed to (B, T, H) before bmm.
# Fixed twin of 52_bmm_seq_first_encoder_outputs_bug.py.
import torch
import torch.nn as nn


class LuongAttn(nn.Module):
    def __init__(self, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size

    def forward(self, dec_hidden, encoder_outputs):
        keys = encoder_outputs.transpose(0, 1)
        energies = torch.bmm(keys, dec_hidden.unsqueeze(2)).squeeze(2)
        return torch.softmax(energies, dim=1)


T, B, H = 9, 3, 16
encoder = nn.LSTM(6, H)
attn = LuongAttn(H)
enc_outputs, (h_n, c_n) = encoder(torch.randn(T, B, 6))
#^ (9, 3, 16)
#             ^ (1, 3, 16)
weights = attn(h_n[-1], enc_outputs)
#^ (3, 9)
