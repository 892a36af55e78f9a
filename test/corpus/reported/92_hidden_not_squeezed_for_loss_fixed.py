# GRU intent classifier that applies its head to h_n[-1], (B, H) -> (B, C), for CrossEntropyLoss.
# Fixed twin of 92_hidden_not_squeezed_for_loss_bug.py.
import torch
import torch.nn as nn

emb = nn.Embedding(60, 16)
gru = nn.GRU(16, 32, batch_first=True)
head = nn.Linear(32, 7)
criterion = nn.CrossEntropyLoss()

utterances = torch.randint(0, 60, (5, 11))
intents = torch.randint(0, 7, (5,))
_, hidden = gru(emb(utterances))
#  ^ (1, 5, 32)
logits = head(hidden[-1])
#^ (5, 7)
loss = criterion(logits, intents)
#^ ()
