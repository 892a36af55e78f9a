# Buggy variant of ok/bilstm_hn_view_layers.py: h0/c0 sized num_layers instead of num_layers * 2 for a bidirectional LSTM.
# torch raises on the line marked `# error:` (verified under torch 1.13).
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
        h0 = torch.zeros(self.num_layers, batch, self.hidden_size)
        c0 = torch.zeros(self.num_layers, batch, self.hidden_size)
        out, (h_n, c_n) = self.lstm(x, (h0, c0))  # error: RL204
        # fix: Use self.num_layers * 2 (×2: the layer is bidirectional) for h_0 and c_0 -> h0 = torch.zeros(self.num_layers * 2, batch, self.hidden_size) ;; c0 = torch.zeros(self.num_layers * 2, batch, self.hidden_size)
        h_n = h_n.view(self.num_layers, 2, batch, self.hidden_size)
        last = h_n[-1]
        final = torch.cat([last[0], last[1]], dim=-1)
        return self.fc(final)


if __name__ == "__main__":
    model = DeepBiLSTM(input_size=13, hidden_size=20, num_layers=3, num_classes=2)
    mfcc = torch.randn(9, 33, 13)
    logits = model(mfcc)
