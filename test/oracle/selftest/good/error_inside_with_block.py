# A line that raises inside a `with` block: the block's exit runs next, but the statement did not complete
# (its shape marker is not checked and its error marker counts as raised).
import torch
import torch.nn as nn

gru = nn.GRU(4, 6)
x = torch.randn(5, 2, 4)
#^ (5, 2, 4)
with torch.no_grad():
    out, h = gru(x, torch.zeros(1, 3, 6))  # error: RL204
