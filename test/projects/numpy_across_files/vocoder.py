import torch
import torch.nn as nn


class Vocoder(nn.Module):
    def __init__(self, n_mels, hidden):
        super().__init__()
        self.gru = nn.GRU(n_mels, hidden, batch_first=True)

    def generate(self, mels):
        mels = torch.as_tensor(mels)
        frames = mels.transpose(1, 2)
        out, h = self.gru(mels)
        return out
