# pack_padded_sequence given lengths in dataset order (not decreasing) with the default
# enforce_sorted=True (proposed RL411: pack_padded_sequence lengths).
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

embedding = nn.Embedding(20, 6, padding_idx=0)
lstm = nn.LSTM(6, 10, batch_first=True)

padded = torch.tensor([[4, 2, 0, 0, 0],
                       [3, 8, 9, 5, 1],
                       [7, 6, 2, 0, 0]])
lengths = [2, 5, 3]
emb = embedding(padded)
#^ (3, 5, 6)
packed = pack_padded_sequence(emb, lengths, batch_first=True)  # error: RL411
packed_out, (h_n, c_n) = lstm(packed)
out, out_lens = pad_packed_sequence(packed_out, batch_first=True)
