# Classifier whose 2-D logits (B, C) get log_softmax over dim=2, copied from a per-step tagger; there is no
# dim 2 (RL406).
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.rnn = nn.RNN(n_in, n_hidden, batch_first=True, nonlinearity="relu")
        self.fc = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        out, h = self.rnn(x)
        logits = self.fc(out[:, -1, :])
        return F.log_softmax(logits, dim=2)  # error: RL406


net = Net(4, 16, 3)
x = torch.randn(6, 12, 4)
out, h = net.rnn(x)
#^ (6, 12, 16)
#    ^ (1, 6, 16)
y = net(x)
