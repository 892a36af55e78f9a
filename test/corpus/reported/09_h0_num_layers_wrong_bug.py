# A 3-layer GRU forecaster whose initial hidden state was written for a single layer (RL204).
import torch
import torch.nn as nn

NUM_LAYERS = 3
HIDDEN = 16


class GRUNet(nn.Module):
    def __init__(self, input_dim, hidden_dim, output_dim, n_layers):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.n_layers = n_layers
        self.gru = nn.GRU(input_dim, hidden_dim, n_layers, batch_first=True)
        self.fc = nn.Linear(hidden_dim, output_dim)

    def forward(self, x):
        B = x.size(0)
        h0 = torch.zeros(1, B, self.hidden_dim)
        out, h = self.gru(x, h0)  # error: RL204
        return self.fc(out[:, -1])


net = GRUNet(5, HIDDEN, 1, NUM_LAYERS)
x = torch.randn(4, 20, 5)
#^ (4, 20, 5)
y_hat = net(x)
seq, h_last = net.gru(x)
