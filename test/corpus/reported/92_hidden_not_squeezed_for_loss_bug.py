# GRU intent classifier that applies its head to the whole h_n, (1, B, H) -> (1, B, C), and hands that
# 3-D tensor to CrossEntropyLoss with (B,) labels (proposed RL412: loss input/target shapes).
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
logits = head(hidden)
#^ (1, 5, 7)
loss = criterion(logits, intents)  # error: RL412
