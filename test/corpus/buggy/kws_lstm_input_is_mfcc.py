# Buggy variant of ok/conv_lstm_keyword_spotter.py: the LSTM input_size is n_mfcc, but it receives the conv front end's conv_channels.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn


class KWS(nn.Module):
    def __init__(self, n_mfcc=40, conv_channels=64, hidden=96, n_keywords=12):
        super().__init__()
        self.frontend = nn.Sequential(
            nn.Conv1d(n_mfcc, conv_channels, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool1d(2),
        )
        self.lstm = nn.LSTM(n_mfcc, hidden)
        self.dropout = nn.Dropout(0.2)
        self.fc = nn.Linear(hidden, n_keywords)

    def forward(self, x):
        # x: (batch, n_mfcc, frames)
        feats = self.frontend(x)
        feats = feats.permute(2, 0, 1)
        # feats: (frames // 2, batch, conv_channels)
        out, (h_n, c_n) = self.lstm(feats)  # error: RL202
        # fix: Change input_size to 64 -> self.lstm = nn.LSTM(64, hidden)
        pooled = out.mean(dim=0)
        return self.fc(self.dropout(pooled))


if __name__ == "__main__":
    model = KWS()
    mfcc = torch.randn(32, 40, 101)
    scores = model(mfcc)
