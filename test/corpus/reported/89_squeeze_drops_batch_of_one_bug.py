# Bidirectional LSTM encoder that squeezes h_n with .squeeze(): at inference the batch is 1, so the batch
# dim goes too and cat(dim=1) finds a 1-D tensor (RL406).
import torch
import torch.nn as nn


class SentenceEncoder(nn.Module):
    def __init__(self, n_in, hid):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hid, bidirectional=True, batch_first=True)

    def forward(self, x):
        _, (h_n, _) = self.lstm(x)
        h_fwd, h_bwd = h_n[0].squeeze(), h_n[1].squeeze()
        return torch.cat((h_fwd, h_bwd), dim=1)  # error: RL406


enc = SentenceEncoder(5, 7)
train_vecs = enc(torch.randn(8, 6, 5))
#^ (8, 14)
query = torch.randn(1, 6, 5)
#^ (1, 6, 5)
qvec = enc(query)
