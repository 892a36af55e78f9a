# batch_first data packed without batch_first=True: pack_padded_sequence takes dim 1 (time, 8) as the
# batch and the 3 lengths do not match it (proposed RL411: pack_padded_sequence lengths).
import torch
import torch.nn as nn
from torch.nn.utils import rnn as rnn_utils


class PackedEncoder(nn.Module):
    def __init__(self, n_in, n_hid):
        super().__init__()
        self.gru = nn.GRU(n_in, n_hid, batch_first=True)

    def forward(self, x, lengths):
        packed = rnn_utils.pack_padded_sequence(x, lengths)  # error: RL411
        out, h = self.gru(packed)
        out, _ = rnn_utils.pad_packed_sequence(out, batch_first=True)
        return out, h


enc = PackedEncoder(5, 7)
x = torch.randn(3, 8, 5)
#^ (3, 8, 5)
out, h = enc(x, [8, 6, 3])
