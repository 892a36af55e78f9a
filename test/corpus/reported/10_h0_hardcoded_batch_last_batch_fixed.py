# Training loop over mini-batches with range(0, len(data), BATCH_SIZE): h0 takes the size of each batch,
# the shorter last one included. Fixed twin of 10_h0_hardcoded_batch_last_batch_bug.py.
import torch
import torch.nn as nn

BATCH_SIZE = 4
SEQ_LEN = 7
N_IN = 3
HIDDEN = 12

data = torch.randn(10, SEQ_LEN, N_IN)
targets = torch.randn(10, 1)
rnn = nn.RNN(N_IN, HIDDEN, batch_first=True)
head = nn.Linear(HIDDEN, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(list(rnn.parameters()) + list(head.parameters()), lr=0.01)

for start in range(0, len(data), BATCH_SIZE):
    xb = data[start:start + BATCH_SIZE]
    yb = targets[start:start + BATCH_SIZE]
    n = xb.size(0)
    h0 = torch.zeros(1, n, HIDDEN)
    #^ (1, n, 12)
    out, h_n = rnn(xb, h0)
    #^ (n, 7, 12)
    #    ^ (1, n, 12)
    pred = head(out[:, -1, :])
    #^ (n, 1)
    loss = criterion(pred, yb)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
