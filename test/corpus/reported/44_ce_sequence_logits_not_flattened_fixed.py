# Sequence tagger training step: logits flattened to (B*T, C) and targets to (B*T,) for CrossEntropyLoss.
# Fixed twin of 44_ce_sequence_logits_not_flattened_bug.py.
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
loss = criterion(logits.view(-1, C), tags.view(-1))
#^ ()
opt.zero_grad()
loss.backward()
opt.step()
