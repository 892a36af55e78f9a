# expect: 'hidden' is not a value in the frame
# A name that is neither in the frame nor a documentation letter accepts nothing: a malformed marker.
import torch
import torch.nn as nn

gru = nn.GRU(10, 20)
out, h = gru(torch.randn(5, 3, 10))
#^ (5, 3, hidden)
