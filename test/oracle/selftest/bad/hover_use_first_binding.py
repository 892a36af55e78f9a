# expect: marker says (5, 3, 40), torch gave (5, 3, 2)
# After `out = fc(out)` the later use of `out` is (5, 3, 2), not the first binding's (5, 3, 40).
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20, bidirectional=True)
fc = nn.Linear(40, 2)
out, _ = lstm(torch.randn(5, 3, 10))
out = fc(out)
y = out + 1
#   ^ hover: (5, 3, 40)
