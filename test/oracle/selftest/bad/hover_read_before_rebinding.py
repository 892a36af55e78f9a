# expect: marker says (5, 3, 2), torch gave (5, 3, 40)
# In `out = fc(out)` the `out` read on the right is the old value (5, 3, 40).
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20, bidirectional=True)
fc = nn.Linear(40, 2)
out, _ = lstm(torch.randn(5, 3, 10))
out = fc(out)
#        ^ hover: (5, 3, 2)
