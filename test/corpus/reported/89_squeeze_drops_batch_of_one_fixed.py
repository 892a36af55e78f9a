# Bidirectional LSTM encoder that indexes the two direction rows of h_n, keeping the batch dim even for
# a batch of one. Fixed twin of 89_squeeze_drops_batch_of_one_bug.py.
import torch
import torch.nn as nn


class SentenceEncoder(nn.Module):
    def __init__(self, n_in, hid):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hid, bidirectional=True, batch_first=True)

    def forward(self, x):
        _, (h_n, _) = self.lstm(x)
        h_fwd, h_bwd = h_n[0], h_n[1]
        return torch.cat((h_fwd, h_bwd), dim=1)


enc = SentenceEncoder(5, 7)
train_vecs = enc(torch.randn(8, 6, 5))
#^ (8, 14)
query = torch.randn(1, 6, 5)
#^ (1, 6, 5)
qvec = enc(query)
#^ (1, 14)
