# A grab-bag encoder exercising the rest of the ops a sample run covers: a 2-layer ReLU RNN, a
# bidirectional LSTM with proj_size over a packed batch (sorted lengths), BatchNorm1d in eval mode,
# LeakyReLU, reshape / squeeze / .T, boolean-mask and integer-tensor indexing, torch.where / clamp,
# reductions with keepdim and indices, a while loop with break, a list of outputs, and writes into
# tensors by index (x[:, 0] = 1.0, x[0, :, 1] += 2.0, out[j] = s[:, j] in a loop).
import torch
import torch.nn as nn
import torch.nn.functional as F


class Mixed(nn.Module):
    def __init__(self, n_in=5, hidden=8):
        super().__init__()
        self.rnn = nn.RNN(n_in, hidden, num_layers=2, nonlinearity='relu')
        self.lstm = nn.LSTM(hidden, 6, batch_first=True, bidirectional=True, proj_size=3)
        self.bn = nn.BatchNorm1d(6)
        self.act = nn.LeakyReLU(0.2)
        self.score = nn.Linear(6, 1)

    def forward(self, x, lengths, pick):
        h0 = torch.zeros(2, x.size(1), 8)
        y, h = self.rnn(x, h0)
        y = y.transpose(0, 1)
        packed = nn.utils.rnn.pack_padded_sequence(y, lengths, batch_first=True)
        out, (hn, cn) = self.lstm(packed)
        out, lens = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, padding_value=-1.0)
        b, t, f = out.shape
        z = self.act(self.bn(out.reshape(b * t, f))).reshape(b, t, f)
        s = self.score(z).squeeze(-1)
        valid = out[:, :, 0] != -1.0
        picked = z[torch.arange(b), pick]
        flat = s[valid]
        w = torch.where(s > 0, s, torch.zeros_like(s)).clamp(max=0.5)
        best, idx = s.max(dim=1, keepdim=True)
        steps = []
        i = 0
        while i < t:
            if i >= 3:
                break
            steps.append((z[:, i] ** 2).sum(-1) / 2.0 - 1)
            i += 1
        norm = hn[1].T.reshape(3, -1).mean(dim=0)
        z2 = z.clone()
        z2[:, 0] = 1.0
        z2[0, :, 1] += 2.0
        per_step = torch.zeros(t, b)
        for j in range(t):
            per_step[j] = s[:, j]
        return picked, flat, w, (best, idx), torch.stack(steps, 0), norm, h[-1].sigmoid() - cn.sum(), z2, per_step


m = Mixed()
x = torch.randn(7, 3, 5)
out = m(x, torch.tensor([7, 5, 2]), torch.tensor([0, 4, 1]))
