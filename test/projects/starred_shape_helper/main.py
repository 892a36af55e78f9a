import numpy as np
import torch
import torch.nn as nn

from utils import one_hot_encode

chars = "abcdefgh"
char2int = {ch: i for i, ch in enumerate(chars)}
encoded = np.array([[char2int[ch] for ch in "beadface"]])
x = torch.from_numpy(one_hot_encode(encoded, len(chars)))
lstm = nn.LSTM(len(chars), 12, batch_first=True)
h0 = torch.zeros(1, 1, 12)
out, (h, c) = lstm(x, (h0, h0))
#     ^ (1, 1, 12)
