# batch_first data packed with batch_first=True for a batch_first GRU.
# Fixed twin of 43_pack_batch_first_forgotten_bug.py.
import torch
import torch.nn as nn
from torch.nn.utils import rnn as rnn_utils


class PackedEncoder(nn.Module):
    def __init__(self, n_in, n_hid):
        super().__init__()
        self.gru = nn.GRU(n_in, n_hid, batch_first=True)

    def forward(self, x, lengths):
        packed = rnn_utils.pack_padded_sequence(x, lengths, batch_first=True)
        out, h = self.gru(packed)
        out, _ = rnn_utils.pad_packed_sequence(out, batch_first=True)
        return out, h


enc = PackedEncoder(5, 7)
x = torch.randn(3, 8, 5)
#^ (3, 8, 5)
out, h = enc(x, [8, 6, 3])
#^ (3, 8, 7)
#    ^ (1, 3, 7)
