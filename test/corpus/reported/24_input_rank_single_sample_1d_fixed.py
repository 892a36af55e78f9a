# Inference on one sample: the feature vector (F,) is reshaped to a one-step sequence (1, 1, F).
# Fixed twin of 24_input_rank_single_sample_1d_bug.py.
import torch
import torch.nn as nn

gru = nn.GRU(input_size=7, hidden_size=14, num_layers=2)
head = nn.Linear(14, 2)
gru.eval()

sample = torch.randn(7)
#^ (7,)
x = sample.view(1, 1, -1)
#^ (1, 1, 7)
with torch.no_grad():
    out, h = gru(x)
    #^ (1, 1, 14)
    #    ^ (2, 1, 14)
    probs = torch.softmax(head(out[-1]), dim=-1)
    #^ (1, 2)
