# Old-style char-RNN (Variable, .cuda() behind a flag) that passes hidden_size and input_size to
# nn.LSTM in the wrong order: the one-hot letters have n_letters features, the layer expects n_hidden (RL202).
import torch
import torch.nn as nn
from torch.autograd import Variable

use_cuda = False
n_letters = 20
n_hidden = 32
n_categories = 5

rnn = nn.LSTM(n_hidden, n_letters)
head = nn.Linear(n_hidden, n_categories)
if use_cuda:
    rnn = rnn.cuda()


def line_to_tensor(indices):
    t = torch.zeros(len(indices), 1, n_letters)
    for i, li in enumerate(indices):
        t[i][0][li] = 1
    return t


line = Variable(line_to_tensor([3, 7, 1, 12, 5, 0]))
#^ (6, 1, 20)
if use_cuda:
    line = line.cuda()
output, (hidden, cell) = rnn(line)  # error: RL202
scores = head(output[-1])
guess = scores.data.topk(1)[1]
