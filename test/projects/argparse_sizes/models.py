import torch.nn as nn


class LanguageModel(nn.Module):
    def __init__(self, ntoken, ninp=200, nhid=200, nlayers=2):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers)
        self.decoder = nn.Linear(nhid, ntoken)

    def forward(self, input, hidden):
        emb = self.encoder(input)
        #^ (35, 20, 650)
        output, hidden = self.rnn(emb, hidden)
        #^ (35, 20, 650)
        decoded = self.decoder(output)
        #^ (35, 20, 1000)
        return decoded, hidden

    def init_hidden(self, bsz, nhid, nlayers):
        weight = next(self.parameters())
        return (weight.new_zeros(nlayers, bsz, nhid), weight.new_zeros(nlayers, bsz, nhid))
