# Old-style LSTMCell loop (Variable, .cuda() behind a flag) that carries the (hx, cx) pair.
# Fixed twin of 82_lstmcell_bare_hidden_bug.py.
import torch
import torch.nn as nn
from torch.autograd import Variable

use_cuda = False
cell = nn.LSTMCell(10, 20)
if use_cuda:
    cell.cuda()
inp = Variable(torch.randn(6, 3, 10))
#^ (6, 3, 10)
hx = Variable(torch.zeros(3, 20))
cx = Variable(torch.zeros(3, 20))
output = []
for i in range(6):
    hx, cx = cell(inp[i], (hx, cx))
    #^ (3, 20)
    output.append(hx)
stacked = torch.stack(output, 0)
#^ (6, 3, 20)
