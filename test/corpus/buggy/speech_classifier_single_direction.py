# Buggy variant of ok/conv1d_bigru_speech_encoder.py: classifier sized hidden although the GRU is bidirectional (2 * hidden features).
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn
import torch.nn.functional as F


class SpeechEncoder(nn.Module):
    def __init__(self, n_mels=80, channels=128, hidden=256, n_chars=29):
        super().__init__()
        self.conv1 = nn.Conv1d(n_mels, channels, kernel_size=5, stride=2, padding=2)
        self.conv2 = nn.Conv1d(channels, channels, kernel_size=3, stride=1, padding=1)
        self.bn = nn.BatchNorm1d(channels)
        self.gru = nn.GRU(channels, hidden, num_layers=2, batch_first=True, bidirectional=True)
        self.classifier = nn.Linear(hidden, n_chars)

    def forward(self, mels):
        x = F.relu(self.conv1(mels))
        x = F.relu(self.bn(self.conv2(x)))
        x = x.transpose(1, 2)
        x, _ = self.gru(x)
        logits = self.classifier(x)  # error: RL401
        # fix: Change in_features to 2 * hidden -> self.classifier = nn.Linear(2 * hidden, n_chars)
        return F.log_softmax(logits, dim=-1)


if __name__ == "__main__":
    model = SpeechEncoder()
    mels = torch.randn(2, 80, 200)
    log_probs = model(mels)
