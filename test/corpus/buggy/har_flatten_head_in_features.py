# Buggy variant of ok/lstm_flatten_head.py: after Flatten the head gets SEQ_LEN * HIDDEN features, not HIDDEN.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn

SEQ_LEN = 20
N_SENSORS = 9
HIDDEN = 32


class HARNet(nn.Module):
    """Human-activity recognition from 20 frames of 9 inertial sensors."""

    def __init__(self, n_classes=6):
        super().__init__()
        self.lstm = nn.LSTM(N_SENSORS, HIDDEN, num_layers=2, batch_first=True)
        self.flatten = nn.Flatten()
        self.head = nn.Sequential(nn.Dropout(0.5), nn.Linear(HIDDEN, n_classes))

    def forward(self, x):
        out, _ = self.lstm(x)
        flat = self.flatten(out)
        return self.head(flat)  # error: RL401
        # fix: Change in_features to 640 -> self.head = nn.Sequential(nn.Dropout(0.5), nn.Linear(640, n_classes))


if __name__ == "__main__":
    net = HARNet()
    windows = torch.randn(64, SEQ_LEN, N_SENSORS)
    scores = net(windows)
