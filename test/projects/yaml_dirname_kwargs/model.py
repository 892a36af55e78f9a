import torch.nn as nn


class SpeechClassifier(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, num_classes):
        super().__init__()
        self.gru = nn.GRU(input_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, feats):
        out, h = self.gru(feats)
        #^ (6, 31, 50)
        #    ^ (2, 6, 50)
        return self.fc(h[-1])
