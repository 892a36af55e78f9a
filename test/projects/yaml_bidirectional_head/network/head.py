import torch.nn as nn


class TaggingHead(nn.Module):
    def __init__(self, hidden_size, num_labels):
        super().__init__()
        self.proj = nn.Linear(hidden_size, num_labels)

    def forward(self, states):
        return self.proj(states)  # error: RL401
