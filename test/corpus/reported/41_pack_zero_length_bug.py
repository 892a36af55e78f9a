# A batch with an empty utterance (length 0) packed with pack_padded_sequence: every length must be at
# least 1 (proposed RL411: pack_padded_sequence lengths).
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

gru = nn.GRU(13, 20)
feats = torch.randn(6, 3, 13)
#^ (6, 3, 13)
lengths = torch.tensor([6, 4, 0])
packed = pack_padded_sequence(feats, lengths)  # error: RL411
_, h = gru(packed)
