# Two LSTMs stacked by hand: the first is bidirectional, so the second receives 2*hidden features,
# but it was built with input_size=hidden (RL202).
import torch
import torch.nn as nn

hidden = 20
lstm1 = nn.LSTM(8, hidden, batch_first=True, bidirectional=True)
lstm2 = nn.LSTM(hidden, hidden, batch_first=True)
fc = nn.Linear(hidden, 3)

x = torch.randn(5, 7, 8)
out1, _ = lstm1(x)
#^ (5, 7, 40)
out2, (h2, c2) = lstm2(out1)  # error: RL202
y = fc(out2[:, -1])
