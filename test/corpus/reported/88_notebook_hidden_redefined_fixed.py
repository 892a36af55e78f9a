# Notebook whose later cell raises HIDDEN to 64 and rebuilds both the LSTM and the head.
# Fixed twin of 88_notebook_hidden_redefined_bug.py.
import torch
import torch.nn as nn

# In[1]:
HIDDEN = 32
lstm = nn.LSTM(8, HIDDEN, batch_first=True)
head = nn.Linear(HIDDEN, 1)

# In[2]:
HIDDEN = 64
lstm = nn.LSTM(8, HIDDEN, batch_first=True)
head = nn.Linear(HIDDEN, 1)

# In[3]:
x = torch.randn(4, 10, 8)
out, (h, c) = lstm(x)
#^ (4, 10, 64)
#     ^ (1, 4, 64)
y = head(h[-1])
#^ (4, 1)
