# A marked line may run cleanly in earlier iterations and raise on the last (a shorter last batch); a line
# that raises inside a `with` block is not taken as completed when the block's exit runs.
import torch
import torch.nn as nn

rnn = nn.RNN(3, 5, batch_first=True)
data = torch.randn(10, 4, 3)
for start in range(0, 10, 4):
    xb = data[start:start + 4]
    out, h = rnn(xb, torch.zeros(1, 4, 5))  # error: RL204
    #^ (4, 4, 5)
