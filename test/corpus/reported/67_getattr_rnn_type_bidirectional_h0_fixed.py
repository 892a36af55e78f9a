# Word-LM style model choosing its layer with getattr(nn, rnn_type) ("LSTM" here); init_hidden builds
# the LSTM tuple with nlayers * num_directions rows. Fixed twin of 67_getattr_rnn_type_bidirectional_h0_bug.py.
import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, rnn_type, ntoken, ninp, nhid, nlayers, bidirectional=False):
        super(RNNModel, self).__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        if rnn_type in ["LSTM", "GRU"]:
            self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, bidirectional=bidirectional)
        else:
            self.rnn = nn.RNN(ninp, nhid, nlayers, nonlinearity="tanh", bidirectional=bidirectional)
        self.num_directions = 2 if bidirectional else 1
        self.decoder = nn.Linear(nhid * self.num_directions, ntoken)
        self.rnn_type = rnn_type
        self.nhid = nhid
        self.nlayers = nlayers

    def forward(self, input, hidden):
        emb = self.encoder(input)
        output, hidden = self.rnn(emb, hidden)
        decoded = self.decoder(output)
        return decoded, hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        rows = self.nlayers * self.num_directions
        if self.rnn_type == "LSTM":
            return (weight.new_zeros(rows, bsz, self.nhid), weight.new_zeros(rows, bsz, self.nhid))
        return weight.new_zeros(rows, bsz, self.nhid)


model = RNNModel("LSTM", 100, 16, 20, 2, bidirectional=True)
data = torch.randint(0, 100, (12, 4))
#^ (12, 4)
hidden = model.init_hidden(4)
output, hidden = model(data, hidden)
#^ (12, 4, 100)
flat = output.view(-1, 100)
#^ (48, 100)
