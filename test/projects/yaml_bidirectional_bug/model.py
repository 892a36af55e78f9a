import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.lstm = nn.LSTM(cfg["input_size"], cfg["hidden_size"], batch_first=True, bidirectional=cfg["bidirectional"])
        self.fc = nn.Linear(cfg["hidden_size"], cfg["num_classes"])

    def forward(self, x):
        out, _ = self.lstm(x)
        #^ (4, 9, 64)
        return self.fc(out[:, -1])  # error: RL401
