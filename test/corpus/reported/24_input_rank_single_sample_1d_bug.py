# Inference on one sample: a single feature vector (F,) goes to a GRU, which takes (L, F) or (L, B, F)
# (RL201; torch 1.13 words it "input must have 3 dimensions").
import torch
import torch.nn as nn

gru = nn.GRU(input_size=7, hidden_size=14, num_layers=2)
head = nn.Linear(14, 2)
gru.eval()

sample = torch.randn(7)
#^ (7,)
x = sample
#^ (7,)
with torch.no_grad():
    out, h = gru(x)  # error: RL201
    probs = torch.softmax(head(out[-1]), dim=-1)
