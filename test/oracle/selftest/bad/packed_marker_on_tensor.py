# expect: expected a PackedSequence
import torch
import torch.nn as nn

lstm = nn.LSTM(10, 20)
out, _ = lstm(torch.randn(5, 3, 10))
#^ packed(15, 20)
