# A 3-layer GRU forecaster with an initial hidden state of num_layers rows.
# Fixed twin of 09_h0_num_layers_wrong_bug.py.
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
        h0 = torch.zeros(self.n_layers, B, self.hidden_dim)
        out, h = self.gru(x, h0)
        return self.fc(out[:, -1])


net = GRUNet(5, HIDDEN, 1, NUM_LAYERS)
x = torch.randn(4, 20, 5)
#^ (4, 20, 5)
y_hat = net(x)
#^ (4, 1)
seq, h_last = net.gru(x)
#^ (4, 20, 16)
#    ^ (3, 4, 16)
