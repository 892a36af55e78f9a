# Buggy variant of ok/a2c_grucell_policy.py: an nn.LSTM added with nonlinearity="relu": only nn.RNN (and RNNCell) accept nonlinearity=.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical


class RecurrentPolicy(nn.Module):
    def __init__(self, obs_dim, n_actions, hidden_size=128):
        super().__init__()
        self.hidden_size = hidden_size
        self.encoder = nn.Linear(obs_dim, hidden_size)
        self.gru = nn.GRUCell(hidden_size, hidden_size)
        self.lstm = nn.LSTM(hidden_size, hidden_size, nonlinearity="relu")  # error: RL102
        self.actor = nn.Linear(hidden_size, n_actions)
        self.critic = nn.Linear(hidden_size, 1)

    def initial_state(self, n_envs):
        return torch.zeros(n_envs, self.hidden_size)

    def forward(self, obs, hxs, masks):
        x = F.relu(self.encoder(obs))
        hxs = self.gru(x, hxs * masks)
        logits = self.actor(hxs)
        value = self.critic(hxs).squeeze(-1)
        return logits, value, hxs


policy = RecurrentPolicy(obs_dim=8, n_actions=4)
n_envs = 16
hxs = policy.initial_state(n_envs)
obs = torch.randn(n_envs, 8)
masks = torch.ones(n_envs, 1)
for step in range(5):
    logits, value, hxs = policy(obs, hxs, masks)
    action = Categorical(logits=logits).sample()
    obs = torch.randn(n_envs, 8)
