# Buggy variant of ok/lstm_projection.py: proj_size must be smaller than hidden_size.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn


class LSTMP(nn.Module):
    def __init__(self, input_size=40, hidden_size=512, proj_size=512, num_layers=3):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, proj_size=proj_size)  # error: RL103
        self.out = nn.Linear(proj_size, 42)

    def forward(self, feats):
        out, (h_n, c_n) = self.lstm(feats)
        return self.out(out), h_n, c_n


if __name__ == "__main__":
    model = LSTMP()
    feats = torch.randn(30, 2, 40)
    scores, h_n, c_n = model(feats)
