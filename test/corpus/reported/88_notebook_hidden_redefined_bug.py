# Notebook whose first cell builds the head with HIDDEN = 32; a later cell raises HIDDEN to 64 and
# rebuilds the LSTM only, so the stale head still expects 32 features (RL401).
import torch
import torch.nn as nn

# In[1]:
HIDDEN = 32
lstm = nn.LSTM(8, HIDDEN, batch_first=True)
head = nn.Linear(HIDDEN, 1)

# In[2]:
HIDDEN = 64
lstm = nn.LSTM(8, HIDDEN, batch_first=True)

# In[3]:
x = torch.randn(4, 10, 8)
out, (h, c) = lstm(x)
#^ (4, 10, 64)
#     ^ (1, 4, 64)
y = head(h[-1])  # error: RL401
