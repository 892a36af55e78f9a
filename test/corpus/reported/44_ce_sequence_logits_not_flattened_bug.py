# Sequence tagger training step: CrossEntropyLoss gets (B, T, C) logits and (B, T) targets; with 3-D input
# torch reads dim 1 as the classes (proposed RL412: loss input/target shapes).
import torch
import torch.nn as nn

B, T, V, E, H, C = 4, 9, 40, 8, 16, 5
emb = nn.Embedding(V, E)
lstm = nn.LSTM(E, H, batch_first=True)
tagger = nn.Linear(H, C)
criterion = nn.CrossEntropyLoss()
opt = torch.optim.Adam(list(emb.parameters()) + list(lstm.parameters()) + list(tagger.parameters()))

words = torch.randint(0, V, (B, T))
tags = torch.randint(0, C, (B, T))
out, _ = lstm(emb(words))
#^ (4, 9, 16)
logits = tagger(out)
#^ (4, 9, 5)
loss = criterion(logits, tags)  # error: RL412
opt.zero_grad()
loss.backward()
opt.step()
