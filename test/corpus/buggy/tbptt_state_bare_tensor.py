# Buggy variant of ok/tbptt_detach_lstm.py: init_state returns only h0; an LSTM needs the tuple (h0, c0).
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn

device = torch.device("cpu")


class StatefulLSTM(nn.Module):
    def __init__(self, n_in, n_hidden, n_layers=2):
        super().__init__()
        self.n_layers = n_layers
        self.n_hidden = n_hidden
        self.lstm = nn.LSTM(n_in, n_hidden, n_layers)
        self.decoder = nn.Linear(n_hidden, n_in)

    def init_state(self, batch_size):
        return torch.zeros(self.n_layers, batch_size, self.n_hidden, device=device)

    def forward(self, x, state):
        out, state = self.lstm(x, state)  # error: RL206
        # fix: Pass (h_0, c_0) -> out, state = self.lstm(x, (state, torch.zeros_like(state)))
        return self.decoder(out), state


model = StatefulLSTM(4, 32).to(device)
stream = torch.randn(100, 8, 4, dtype=torch.float64)
state = model.init_state(8)
bptt = 25
first = stream[:bptt].to(device).float()
pred, state = model(first, state)
for i in range(bptt, stream.size(0), bptt):
    state = tuple(s.detach() for s in state)
    chunk = stream[i:i + bptt].to(device).float()
    pred, state = model(chunk, state)
