# DRQN-style Q network: a conv torso on frames, flatten, an LSTMCell unrolled over the time steps of a
# replayed sequence, Q-values per step stacked on dim 1. Verified under torch 1.13.
import torch
import torch.nn as nn
import torch.nn.functional as F


class DRQN(nn.Module):
    def __init__(self, n_actions, hidden=256):
        super().__init__()
        self.hidden = hidden
        self.conv = nn.Conv2d(1, 16, kernel_size=8, stride=4)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(16 * 15 * 15, hidden)
        self.cell = nn.LSTMCell(hidden, hidden)
        self.q = nn.Linear(hidden, n_actions)

    def forward(self, frames):
        batch_size, seq_len = frames.size(0), frames.size(1)
        hx = frames.new_zeros(batch_size, self.hidden)
        cx = frames.new_zeros(batch_size, self.hidden)
        qs = []
        for t in range(seq_len):
            z = F.relu(self.conv(frames[:, t]))
            z = F.relu(self.fc(self.flatten(z)))
            hx, cx = self.cell(z, (hx, cx))
#           ^ (batch_size, hidden)
            qs.append(self.q(hx))
        return torch.stack(qs, dim=1)


if __name__ == "__main__":
    net = DRQN(n_actions=6)
    frames = torch.randn(4, 8, 1, 64, 64)
    q_values = net(frames)
#   ^ (4, 8, 6)
