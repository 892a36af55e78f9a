import torch.nn as nn


class SpeakerEncoder(nn.Module):
    def __init__(self, n_mels, hidden, layers):
        super().__init__()
        self.lstm = nn.LSTM(n_mels, hidden, layers, batch_first=True)
        self.proj = nn.Linear(hidden, hidden)

    def forward(self, mels):
        out, (h, c) = self.lstm(mels)
        #^ (6, 21, 48)
        #     ^ (3, 6, 48)
        return self.proj(h[-1])
