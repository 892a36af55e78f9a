import torch.nn as nn


class NameClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.gru = nn.GRU(input_size, hidden_size)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, line):
        output, hidden = self.gru(line)
        #^ (6, 1, 128)
        return self.out(hidden[-1])
