# CNN-LSTM over spectrogram frames: each frame goes through Conv2d (stride 2) to an 8x8 map, flattened
# into the LSTM's input_size. Fixed twin of 83_conv2d_time_distributed_input_size_bug.py.
import torch
import torch.nn as nn


class CNNLSTM(nn.Module):
    def __init__(self, n_classes=4):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, kernel_size=3, stride=2, padding=1)
        self.flatten = nn.Flatten()
        self.lstm = nn.LSTM(2 * 8 * 8, 32, batch_first=True)
        self.fc = nn.Linear(32, n_classes)

    def forward(self, clips):
        B, T, C, H, W = clips.shape
        frames = self.flatten(self.conv(clips.view(B * T, C, H, W)))
        #^ (B*T, 128)
        seq = frames.view(B, T, -1)
        #^ (B, T, 128)
        out, (h, c) = self.lstm(seq)
        #^ (B, T, 32)
        return self.fc(h[-1])


model = CNNLSTM()
clips = torch.randn(2, 5, 1, 16, 16)
y = model(clips)
#^ (2, 4)
