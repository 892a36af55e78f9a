# Stateful LSTM training (hidden carried from batch to batch, detached): the carried state is cut to the
# size of each batch. Fixed twin of 17_h0_stateful_carry_last_batch_bug.py.
import torch
import torch.nn as nn

use_gpu = False
device = torch.device("cuda" if use_gpu else "cpu")

features = torch.randn(13, 6, 2)
labels = torch.randint(0, 3, (13,))
bs = 5

lstm = nn.LSTM(2, 9, batch_first=True).to(device)
clf = nn.Linear(9, 3).to(device)
loss_fn = nn.CrossEntropyLoss()
hidden = (torch.zeros(1, bs, 9, device=device), torch.zeros(1, bs, 9, device=device))

for i in range(0, features.size(0), bs):
    x = features[i:i + bs].to(device)
    y = labels[i:i + bs].to(device)
    n = x.size(0)
    hidden = (hidden[0][:, :n].contiguous(), hidden[1][:, :n].contiguous())
    hidden = tuple(h.detach() for h in hidden)
    out, hidden = lstm(x, hidden)
    #^ (n, 6, 9)
    logits = clf(out[:, -1])
    #^ (n, 3)
    loss = loss_fn(logits, y)
    loss.backward()
