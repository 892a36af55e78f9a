# The Sequence model of pytorch/examples time_sequence_prediction: two LSTMCells and a Linear unrolled
# over input.split(1, dim=1) with python lists (outputs += [output]), a `future` loop feeding the
# prediction back, torch.cat over the list; in float64 (dtype=torch.double and model.double()).
import torch
import torch.nn as nn


class Sequence(nn.Module):
    def __init__(self):
        super(Sequence, self).__init__()
        self.lstm1 = nn.LSTMCell(1, 51)
        self.lstm2 = nn.LSTMCell(51, 51)
        self.linear = nn.Linear(51, 1)

    def forward(self, input, future=0):
        outputs = []
        h_t = torch.zeros(input.size(0), 51, dtype=torch.double)
        c_t = torch.zeros(input.size(0), 51, dtype=torch.double)
        h_t2 = torch.zeros(input.size(0), 51, dtype=torch.double)
        c_t2 = torch.zeros(input.size(0), 51, dtype=torch.double)

        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        for i in range(future):  # if we should predict the future
            h_t, c_t = self.lstm1(output, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        outputs = torch.cat(outputs, dim=1)
        return outputs


seq = Sequence()
seq.double()
T = 20
L = 30
x = torch.arange(L).view(1, L) + torch.arange(0, 3 * 4, 4).view(3, 1)
data = torch.sin(x / 1.0 / T).double()
with torch.no_grad():
    pred = seq(data[:, :-1], future=4)
