# Seq-first GRU sequence classifier that scores the last time step, (B, C) log-probs, against one
# label per sequence. Fixed twin of 46_nll_per_step_vs_per_sequence_bug.py.
import torch
import torch.nn as nn
import torch.nn.functional as F

T, B, C = 7, 2, 6
gru = nn.GRU(5, 11)
out_layer = nn.Linear(11, C)
loss_fn = nn.NLLLoss()

x = torch.randn(T, B, 5)
labels = torch.randint(0, C, (B,))
out, _ = gru(x)
#^ (7, 2, 11)
log_probs = F.log_softmax(out_layer(out[-1]), dim=-1)
#^ (2, 6)
loss = loss_fn(log_probs, labels)
#^ ()
