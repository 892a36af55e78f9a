# Lengths clamped to the padded length T before pack_padded_sequence.
# Fixed twin of 42_pack_lengths_longer_than_T_bug.py.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

T = 5
lstm = nn.LSTM(4, 6)
batch = torch.randn(T, 3, 4)
#^ (5, 3, 4)
lengths = torch.tensor([7, 5, 2])
lengths = lengths.clamp(max=T)
packed = pack_padded_sequence(batch, lengths)
#^ packed(12, 4)
out, (h, c) = lstm(packed)
#     ^ (1, 3, 6)
padded, lens = pad_packed_sequence(out)
#^ (5, 3, 6)
