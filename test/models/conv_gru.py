# A Conv1d front end before a GRU, as in CRNN-style audio and sensor classifiers: (batch, time,
# features) permuted to channels-first, two Conv1d + BatchNorm1d + ReLU blocks with max pooling,
# permuted back, a batch-first bidirectional GRU, h_n of both directions concatenated, a Linear head.
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvGRU(nn.Module):
    def __init__(self, n_features=8, n_classes=4, channels=16, hidden=12):
        super().__init__()
        self.conv1 = nn.Conv1d(n_features, channels, kernel_size=3, padding=1)
        self.bn1 = nn.BatchNorm1d(channels)
        self.conv2 = nn.Conv1d(channels, channels, kernel_size=5, padding=2, stride=1)
        self.bn2 = nn.BatchNorm1d(channels)
        self.pool = nn.MaxPool1d(2)
        self.gru = nn.GRU(channels, hidden, batch_first=True, bidirectional=True)
        self.classifier = nn.Linear(2 * hidden, n_classes)

    def forward(self, x):
        x = x.permute(0, 2, 1)
        x = self.pool(F.relu(self.bn1(self.conv1(x))))
        x = F.max_pool1d(F.relu(self.bn2(self.conv2(x))), kernel_size=2)
        x = x.permute(0, 2, 1)
        _, h_n = self.gru(x)
        h = torch.cat([h_n[-2], h_n[-1]], dim=-1)
        return self.classifier(h)


model = ConvGRU()
logits = model(torch.randn(4, 20, 8))
