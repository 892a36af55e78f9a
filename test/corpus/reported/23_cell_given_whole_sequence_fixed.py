# An LSTMCell stepped over the (T, B, F) sequence one (B, F) slice at a time.
# Fixed twin of 23_cell_given_whole_sequence_bug.py.
import torch
import torch.nn as nn

T, B, F, H = 8, 4, 5, 10
cell = nn.LSTMCell(F, H)
seq = torch.randn(T, B, F)
#^ (8, 4, 5)
hx = torch.zeros(B, H)
cx = torch.zeros(B, H)
outputs = []
for t in range(T):
    hx, cx = cell(seq[t], (hx, cx))
    #^ (4, 10)
    outputs.append(hx)
out = torch.stack(outputs)
#^ (8, 4, 10)
last = out[-1]
#^ (4, 10)
