# Two LSTMs stacked by hand: a bidirectional first layer (2*hidden features out) feeds a second LSTM
# with input_size=2*hidden. Fixed twin of 05_input_size_stacked_after_bidirectional_bug.py.
import torch
import torch.nn as nn

hidden = 20
lstm1 = nn.LSTM(8, hidden, batch_first=True, bidirectional=True)
lstm2 = nn.LSTM(2 * hidden, hidden, batch_first=True)
fc = nn.Linear(hidden, 3)

x = torch.randn(5, 7, 8)
out1, _ = lstm1(x)
#^ (5, 7, 40)
out2, (h2, c2) = lstm2(out1)
#^ (5, 7, 20)
#      ^ (1, 5, 20)
y = fc(out2[:, -1])
#^ (5, 3)
