# Empty utterances are dropped from the batch before pack_padded_sequence.
# Fixed twin of 41_pack_zero_length_bug.py.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

gru = nn.GRU(13, 20)
feats = torch.randn(6, 3, 13)
#^ (6, 3, 13)
lengths = torch.tensor([6, 4, 0])
keep = lengths > 0
feats, lengths = feats[:, keep], lengths[keep]
#^ (6, 2, 13)
packed = pack_padded_sequence(feats, lengths)
#^ packed(10, 13)
_, h = gru(packed)
#  ^ (1, 2, 20)
