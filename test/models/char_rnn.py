# The character-level RNN name classifier of the PyTorch tutorial "Classifying names with a
# character-level RNN": an RNN built from Linear cells (i2h / i2o over torch.cat), LogSoftmax, a one-hot
# line tensor built letter by letter, and a loop over the letters that carries the hidden state.
import string

import torch
import torch.nn as nn

all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)
n_hidden = 32
n_categories = 5


def letterToIndex(letter):
    return all_letters.find(letter)


def lineToTensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()

        self.hidden_size = hidden_size

        self.i2h = nn.Linear(input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(input_size + hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, input, hidden):
        combined = torch.cat((input, hidden), 1)
        hidden = self.i2h(combined)
        output = self.i2o(combined)
        output = self.softmax(output)
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)


class NameClassifier(nn.Module):
    """The tutorial's evaluate(): the whole line through the RNN, one letter at a time."""

    def __init__(self):
        super().__init__()
        self.rnn = RNN(n_letters, n_hidden, n_categories)

    def forward(self, line_tensor):
        hidden = self.rnn.initHidden()
        for i in range(line_tensor.size()[0]):
            output, hidden = self.rnn(line_tensor[i], hidden)
        return output


rnn = RNN(n_letters, n_hidden, n_categories)
input = lineToTensor('Albert')
hidden = torch.zeros(1, n_hidden)
output, next_hidden = rnn(input[0], hidden)

classifier = NameClassifier()
guess = classifier(lineToTensor('Satoshi'))
