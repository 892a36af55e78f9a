# Notebook-style cell unpacking `output, (hidden, cell) = lstm(x)`.
# Fixed twin of 87_lstm_unpack_three_values_bug.py.
import torch
from torch import nn

# In[1]:
lstm = nn.LSTM(input_size=3, hidden_size=3, num_layers=1)
inputs = [torch.randn(1, 3) for _ in range(5)]
x = torch.cat(inputs).view(len(inputs), 1, -1)
#^ (5, 1, 3)

# In[2]:
output, (hidden, cell) = lstm(x)
#^ (5, 1, 3)
#        ^ (1, 1, 3)
print(output[-1], hidden)
