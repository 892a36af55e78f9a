# Buggy variant of ok/rnncell_manual_unroll.py: the unrolled cell swapped for a full nn.RNN with nonlinearity="sigmoid": only tanh and relu exist.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn


class UnrolledRNN(nn.Module):
    def __init__(self, input_size, hidden_size, nonlinearity='relu'):
        super().__init__()
        self.hidden_size = hidden_size
        self.cell = nn.RNNCell(input_size, hidden_size)
        self.rnn = nn.RNN(input_size, hidden_size, nonlinearity=nonlinearity)  # error: RL101
        # fix: Use 'tanh' -> self.rnn = nn.RNN(input_size, hidden_size, nonlinearity='tanh')
        # fix: Use 'relu' -> self.rnn = nn.RNN(input_size, hidden_size, nonlinearity='relu')
        self.readout = nn.Linear(hidden_size, 1)

    def forward(self, inputs):
        # inputs: (seq_len, batch, input_size)
        hx = torch.zeros(inputs.size(1), self.hidden_size)
        outputs = []
        for i in range(inputs.size(0)):
            hx = self.cell(inputs[i], hx)
            outputs.append(hx)
        outputs = torch.stack(outputs)
        return self.readout(outputs)


if __name__ == "__main__":
    rnn = UnrolledRNN(10, 20, nonlinearity='sigmoid')
    inputs = torch.randn(6, 3, 10)
    readout = rnn(inputs)
