# Packed BiGRU encoder that sorts the batch by length with an index tensor (seqs[perm_idx]), packs,
# restores the order, and projects the 2*hidden outputs. Fixed twin of 68_sorted_batch_index_tensor_bug.py.
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

hidden = 10
gru = nn.GRU(6, hidden, batch_first=True, bidirectional=True)
proj = nn.Linear(2 * hidden, 4)

seqs = torch.randn(4, 7, 6)
seq_lengths = torch.tensor([3, 7, 5, 2])
seq_lengths, perm_idx = seq_lengths.sort(0, descending=True)
seqs = seqs[perm_idx]
#^ (4, 7, 6)
packed = pack_padded_sequence(seqs, seq_lengths, batch_first=True)
packed_out, h_n = gru(packed)
#           ^ (2, 4, 10)
out, _ = pad_packed_sequence(packed_out, batch_first=True, total_length=7)
#^ (4, 7, 20)
_, unperm_idx = perm_idx.sort(0)
out = out[unperm_idx]
#^ (4, 7, 20)
z = proj(out)
#^ (4, 7, 4)
