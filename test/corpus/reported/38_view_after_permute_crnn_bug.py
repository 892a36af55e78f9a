# CRNN head: the conv map is permuted to (B, W, H, C) and flattened with .view; permute leaves the tensor
# non-contiguous (proposed RL410: view of a non-contiguous tensor).
import torch
import torch.nn as nn

conv = nn.Conv2d(1, 4, kernel_size=3, padding=1)
rnn = nn.LSTM(4 * 8, 16, batch_first=True, bidirectional=True)
classifier = nn.Linear(32, 12)

images = torch.randn(2, 1, 8, 20)
fmap = torch.relu(conv(images))
#^ (2, 4, 8, 20)
b, c, h, w = fmap.shape
seq = fmap.permute(0, 3, 2, 1).view(b, w, h * c)  # error: RL410
rnn_out, _ = rnn(seq)
char_logits = classifier(rnn_out)
