# HAR classifier that flattens every time step of the LSTM output (T * hidden features) but sizes the head
# with hidden only (RL401).
import torch
import torch.nn as nn

SEQ_LEN = 16
N_SENSORS = 9
HIDDEN = 12
N_ACT = 6


class HARModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(N_SENSORS, HIDDEN, batch_first=True)
        self.head = nn.Linear(HIDDEN, N_ACT)

    def forward(self, x):
        B, T, _ = x.shape
        out, _ = self.lstm(x)
        #^ (B, T, 12)
        flat = out.contiguous().view(B, -1)
        #^ (B, 12*T)
        return self.head(flat)  # error: RL401


model = HARModel()
windows = torch.randn(7, SEQ_LEN, N_SENSORS)
scores = model(windows)
