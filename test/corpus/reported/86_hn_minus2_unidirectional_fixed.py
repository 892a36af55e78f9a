# Classifier that reads the direction count from the GRU: cat of the two last rows only when it is
# bidirectional. Fixed twin of 86_hn_minus2_unidirectional_bug.py.
import torch
import torch.nn as nn

bidirectional = False
H = 16
gru = nn.GRU(10, H, batch_first=True, bidirectional=bidirectional)
fc = nn.Linear(H * (2 if bidirectional else 1), 3)

x = torch.randn(4, 12, 10)
out, h_n = gru(x)
#^ (4, 12, 16)
#    ^ (1, 4, 16)
if gru.bidirectional:
    last = torch.cat((h_n[-2], h_n[-1]), dim=1)
else:
    last = h_n[-1]
    #^ (4, 16)
logits = fc(last)
#^ (4, 3)
