# Seq-first tagger: log-probs flattened from (T, B, C) to (T*B, C) but the target is the (B, T) tag
# matrix taken row by row: flattened it has B*T entries in a different order... and here even a different
# count because one sentence was trimmed (proposed RL412: loss input/target shapes).
import torch
import torch.nn as nn
import torch.nn.functional as F

T, B, C = 7, 2, 6
gru = nn.GRU(5, 11)
out_layer = nn.Linear(11, C)
loss_fn = nn.NLLLoss()

x = torch.randn(T, B, 5)
tags = torch.randint(0, C, (B, T))
out, _ = gru(x)
#^ (7, 2, 11)
log_probs = F.log_softmax(out_layer(out), dim=-1).view(-1, C)
#^ (14, 6)
target = tags[:, 1:].reshape(-1)
#^ (12,)
loss = loss_fn(log_probs, target)  # error: RL412
