# Seq-first tagger: the (T, B) tags are flattened in the same order as the (T, B, C) log-probs.
# Fixed twin of 46_nll_batch_mismatch_seq_first_bug.py.
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
target = tags.t().reshape(-1)
#^ (14,)
loss = loss_fn(log_probs, target)
#^ ()
