# LSTM with proj_size (LSTMP, as in speech recognisers): the output and h_n have proj_size features while
# c_n keeps hidden_size. Verified under torch 1.13.
import torch
import torch.nn as nn


class LSTMP(nn.Module):
    def __init__(self, input_size=40, hidden_size=512, proj_size=128, num_layers=3):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, proj_size=proj_size)
        self.out = nn.Linear(proj_size, 42)

    def forward(self, feats):
        out, (h_n, c_n) = self.lstm(feats)
        return self.out(out), h_n, c_n


if __name__ == "__main__":
    model = LSTMP()
    feats = torch.randn(30, 2, 40)
    scores, h_n, c_n = model(feats)
#   ^ (30, 2, 42)
#           ^ (3, 2, 128)
#                ^ (3, 2, 512)
