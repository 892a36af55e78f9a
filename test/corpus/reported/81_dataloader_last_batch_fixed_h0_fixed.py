# DataLoader over 10 samples with batch_size=4 and no drop_last; the model builds h0 from the batch it
# is given. Fixed twin of 81_dataloader_last_batch_fixed_h0_bug.py.
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


class GRUClassifier(nn.Module):
    def __init__(self, n_in, hidden, n_out, batch_size):
        super().__init__()
        self.hidden = hidden
        self.batch_size = batch_size
        self.gru = nn.GRU(n_in, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, n_out)

    def forward(self, x):
        h0 = torch.zeros(1, x.size(0), self.hidden)
        out, h = self.gru(x, h0)
        return self.fc(out[:, -1, :])


xs = torch.randn(10, 6, 3)
#^ (10, 6, 3)
ds = TensorDataset(xs, torch.randint(0, 2, (10,)))
loader = DataLoader(ds, batch_size=4, shuffle=False)
model = GRUClassifier(3, 8, 2, batch_size=4)
for xb, yb in loader:
    logits = model(xb)
    loss = nn.functional.cross_entropy(logits, yb)
probe = model(xs)
#^ (10, 2)
