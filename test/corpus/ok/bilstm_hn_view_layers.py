# Multi-layer bi-LSTM whose h_n is separated as documented: h_n.view(num_layers, num_directions, batch,
# hidden), then the last layer's two directions are concatenated. Verified under torch 1.13.
import torch
import torch.nn as nn


class DeepBiLSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, num_classes):
        super().__init__()
        self.num_layers = num_layers
        self.hidden_size = hidden_size
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(hidden_size * 2, num_classes)

    def forward(self, x):
        batch = x.size(0)
        h0 = torch.zeros(self.num_layers * 2, batch, self.hidden_size)
        c0 = torch.zeros(self.num_layers * 2, batch, self.hidden_size)
        out, (h_n, c_n) = self.lstm(x, (h0, c0))
        h_n = h_n.view(self.num_layers, 2, batch, self.hidden_size)
        last = h_n[-1]
        final = torch.cat([last[0], last[1]], dim=-1)
#       ^ (batch, 2*hidden_size)
        return self.fc(final)


if __name__ == "__main__":
    model = DeepBiLSTM(input_size=13, hidden_size=20, num_layers=3, num_classes=2)
    mfcc = torch.randn(9, 33, 13)
    logits = model(mfcc)
#   ^ (9, 2)
