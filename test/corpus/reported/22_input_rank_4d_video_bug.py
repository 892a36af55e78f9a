# Video classifier: per-frame CNN features come out as (B, T, C, S) and go into the LSTM without pooling
# the spatial dim; an LSTM takes 2-D or 3-D input (RL201).
import torch
import torch.nn as nn

B, T, C, S = 2, 6, 16, 9
frame_cnn = nn.Conv2d(3, C, 3, padding=1)
pool = nn.AdaptiveAvgPool2d(3)
lstm = nn.LSTM(C, 32, batch_first=True)
fc = nn.Linear(32, 5)

video = torch.randn(B, T, 3, 12, 12)
frames = video.view(B * T, 3, 12, 12)
#^ (12, 3, 12, 12)
maps = pool(frame_cnn(frames))
#^ (12, 16, 3, 3)
feats = maps.view(B, T, C, S)
#^ (2, 6, 16, 9)
out, (h, c) = lstm(feats)  # error: RL201
logits = fc(h[-1])
