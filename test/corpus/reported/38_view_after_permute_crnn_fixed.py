# CRNN head: the conv map is permuted to (B, W, H, C) and made contiguous before .view.
# Fixed twin of 38_view_after_permute_crnn_bug.py.
import torch
import torch.nn as nn

conv = nn.Conv2d(1, 4, kernel_size=3, padding=1)
rnn = nn.LSTM(4 * 8, 16, batch_first=True, bidirectional=True)
classifier = nn.Linear(32, 12)

images = torch.randn(2, 1, 8, 20)
fmap = torch.relu(conv(images))
#^ (2, 4, 8, 20)
b, c, h, w = fmap.shape
seq = fmap.permute(0, 3, 2, 1).contiguous().view(b, w, h * c)
#^ (2, 20, 32)
rnn_out, _ = rnn(seq)
#^ (2, 20, 32)
char_logits = classifier(rnn_out)
#^ (2, 20, 12)
