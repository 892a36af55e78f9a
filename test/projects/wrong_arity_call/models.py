import torch.nn as nn


class AttnDecoder(nn.Module):
    def __init__(self, emb, hidden):
        super().__init__()
        self.lstm = nn.LSTM(emb, hidden)

    def forward(self, token, last_context, last_hidden, last_cell):
        out, (h, c) = self.lstm(token, (last_hidden, last_cell))
        #^ (1, 3, 16)
        return out, h, c
