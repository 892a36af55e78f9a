# Buggy variant of ok/mnist_row_rnn.py: MNIST batches straight from the DataLoader are (B, 1, 28, 28); the RNN needs 2-D or 3-D input.
# torch raises on the line marked `# error:` (verified under torch 1.13).

# torch 2.x raises ValueError "RNN: Expected input to be 2D or 3D, got 4D tensor instead" here; 1.13 raises
# RuntimeError "For unbatched 2-D input, hx should also be 2-D" from the same line. RL201 follows 2.x.
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
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(x.device)
        out, _ = self.rnn(x, h0)  # error: RL201
        out = out[:, -1, :]
        out = self.fc(out)
        return out


if __name__ == "__main__":
    model = RNN(28, 64, 2, 10)
    images = torch.randn(8, 1, 28, 28)
    logits = model(images)
