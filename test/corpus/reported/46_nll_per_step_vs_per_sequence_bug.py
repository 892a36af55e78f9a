# Seq-first GRU sequence classifier that scores every time step, (T*B, C) log-probs, against one label
# per sequence, (B,) targets: NLLLoss wants equal batch sizes (proposed RL412: loss input/target shapes).
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
log_probs = F.log_softmax(out_layer(out), dim=-1).view(-1, C)
#^ (14, 6)
loss = loss_fn(log_probs, labels)  # error: RL412
