import torch
import torch.nn as nn

from attention import MultiHeadedAttention

attn = MultiHeadedAttention(16)
rnn = nn.GRU(16, 16, batch_first=True)
states, _ = rnn(torch.randn(2, 5, 16))
#^ (2, 5, 16)
mixed = attn(states, states, states)
