# Binary sentiment LSTM: the (B, 1) sigmoid output is squeezed to (B,) to match the labels for BCELoss.
# Fixed twin of 47_bce_target_shape_bug.py.
import torch
import torch.nn as nn


class SentimentNet(nn.Module):
    def __init__(self, vocab_size=100, embedding_dim=16, hidden_dim=24, n_layers=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, n_layers, dropout=0.2, batch_first=True)
        self.fc = nn.Linear(hidden_dim, 1)
        self.sig = nn.Sigmoid()

    def forward(self, x):
        lstm_out, _ = self.lstm(self.embedding(x))
        return self.sig(self.fc(lstm_out[:, -1]))


net = SentimentNet()
criterion = nn.BCELoss()
inputs = torch.randint(0, 100, (5, 12))
labels = torch.randint(0, 2, (5,)).float()
output = net(inputs)
#^ (5, 1)
output = output.squeeze(1)
#^ (5,)
loss = criterion(output, labels)
#^ ()
