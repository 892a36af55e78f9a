# Notebook-style cell unpacking three values from an LSTM call, `output, hidden, cell = lstm(x)`; the
# LSTM returns (output, (h_n, c_n)) (RL301).
import torch
from torch import nn

# In[1]:
lstm = nn.LSTM(input_size=3, hidden_size=3, num_layers=1)
inputs = [torch.randn(1, 3) for _ in range(5)]
x = torch.cat(inputs).view(len(inputs), 1, -1)
#^ (5, 1, 3)

# In[2]:
output, hidden, cell = lstm(x)  # error: RL301
print(output[-1], hidden)
