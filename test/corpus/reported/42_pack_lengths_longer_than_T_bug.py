# Lengths counted with the <eos> token while the padded batch was cut to T=5: the first length (7) is
# longer than T. 1.13 packs without a word and the LSTM then fails on the packed batch (proposed RL411).
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

T = 5
lstm = nn.LSTM(4, 6)
batch = torch.randn(T, 3, 4)
#^ (5, 3, 4)
lengths = torch.tensor([7, 5, 2])
packed = pack_padded_sequence(batch, lengths)
out, (h, c) = lstm(packed)  # error: RL411
padded, lens = pad_packed_sequence(out)
