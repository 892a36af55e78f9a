# CRNN text recogniser: conv map (B, C, H', W') -> sequence over width with C*H' features -> bi-GRU -> per-step
# classes. Fixed twin of 04_input_size_crnn_flatten_bug.py.
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
        self.rnn = nn.GRU(16 * 4, 32, bidirectional=True, batch_first=True)
        self.out = nn.Linear(64, N_CLASSES)

    def forward(self, images):
        feats = self.cnn(images)
        b, c, h, w = feats.size()
        seq = feats.permute(0, 3, 1, 2).reshape(b, w, c * h)
        #^ (b, w, c*h)
        rnn_out, _ = self.rnn(seq)
        #^ (b, w, 64)
        return self.out(rnn_out)


model = CRNN()
imgs = torch.randn(2, 1, 16, 40)
conv = model.cnn(imgs)
#^ (2, 16, 4, 10)
logits = model(imgs)
#^ (2, 10, 11)
log_probs = logits.log_softmax(2).permute(1, 0, 2)
#^ (10, 2, 11)
