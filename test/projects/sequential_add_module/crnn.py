import torch.nn as nn


class CRNN(nn.Module):
    """A CNN built with add_module in a helper, then a recurrent layer over its columns."""

    def __init__(self, nc, nh):
        super().__init__()
        cnn = nn.Sequential()

        def conv_relu(i, n_in, n_out):
            cnn.add_module("conv{0}".format(i), nn.Conv2d(n_in, n_out, 3, 1, 1))
            cnn.add_module("relu{0}".format(i), nn.ReLU(True))

        conv_relu(0, nc, 8)
        cnn.add_module("pooling0", nn.MaxPool2d(2, 2))
        self.cnn = cnn
        self.rnn = nn.LSTM(8, nh)

    def forward(self, images):
        conv = self.cnn(images)
        conv = conv.squeeze(2)
        conv = conv.permute(2, 0, 1)
        out, _ = self.rnn(conv)
        return out
