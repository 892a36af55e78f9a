import torch.nn as nn


class RNNModel(nn.Module):
    """Embedding -> GRU -> decoder, in the style of the word_language_model example."""

    def __init__(self, ntoken, ninp, nhid, nlayers, dropout=0.5):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.GRU(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        self.nhid = nhid
        self.nlayers = nlayers

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        #^ (25, 16, 64)
        output, hidden = self.rnn(emb, hidden)
        #^ (25, 16, 128)
        output = self.drop(output)
        decoded = self.decoder(output)
        #^ (25, 16, 77)
        return decoded.view(-1, decoded.size(-1)), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        return weight.new_zeros(self.nlayers, bsz, self.nhid)
