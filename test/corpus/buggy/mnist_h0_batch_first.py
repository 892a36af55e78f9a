# Buggy variant of ok/mnist_row_rnn.py: h0 built batch-first (batch, layers, hidden) for a batch_first RNN; h0 is always (layers, batch, hidden).
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, num_classes):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.rnn = nn.RNN(input_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        # x: (batch, 28, 28)
        h0 = torch.zeros(x.size(0), self.num_layers, self.hidden_size).to(x.device)
        out, _ = self.rnn(x, h0)  # error: RL204
        out = out[:, -1, :]
        out = self.fc(out)
        return out


if __name__ == "__main__":
    model = RNN(28, 64, 2, 10)
    images = torch.randn(8, 28, 28)
    logits = model(images)
