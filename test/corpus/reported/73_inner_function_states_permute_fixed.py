# A helper defined inside forward permutes the (layers, B, H) states to batch-first and flattens them
# into layers * H features. Fixed twin of 73_inner_function_states_permute_bug.py.
import torch
import torch.nn as nn


class StateEncoder(nn.Module):
    def __init__(self, n_in, hid, layers):
        super().__init__()
        self.gru = nn.GRU(n_in, hid, layers)
        self.fc = nn.Linear(layers * hid, 3)

    def forward(self, x):
        def batch_major(states):
            return states.permute(1, 0, 2).reshape(states.size(1), -1)

        _, h = self.gru(x)
        feats = batch_major(h)
        return self.fc(feats)


enc = StateEncoder(4, 6, 3)
x = torch.randn(9, 2, 4)
_, h = enc.gru(x)
#  ^ (3, 2, 6)
y = enc(x)
#^ (2, 3)
