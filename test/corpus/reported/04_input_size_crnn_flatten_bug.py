# CRNN text recogniser: the conv map (B, C, H', W') becomes a sequence over width with C*H' features per
# step, but the GRU was sized with the channel count only (RL202).
import torch
import torch.nn as nn

N_CLASSES = 11


class CRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.cnn = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.rnn = nn.GRU(16, 32, bidirectional=True, batch_first=True)
        self.out = nn.Linear(64, N_CLASSES)

    def forward(self, images):
        feats = self.cnn(images)
        b, c, h, w = feats.size()
        seq = feats.permute(0, 3, 1, 2).reshape(b, w, c * h)
        #^ (b, w, c*h)
        rnn_out, _ = self.rnn(seq)  # error: RL202
        return self.out(rnn_out)


model = CRNN()
imgs = torch.randn(2, 1, 16, 40)
conv = model.cnn(imgs)
#^ (2, 16, 4, 10)
logits = model(imgs)
log_probs = logits.log_softmax(2).permute(1, 0, 2)
