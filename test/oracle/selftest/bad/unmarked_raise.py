# expect: raised but has no error marker
import torch
import torch.nn as nn

rnn = nn.RNN(10, 20)
x = torch.randn(5, 3, 12)
#^ (5, 3, 12)
out, h = rnn(x)
