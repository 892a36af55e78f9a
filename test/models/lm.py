# A word-level language model in the style of the PyTorch word_language_model example: Embedding
# (padding_idx) -> 2-layer LSTM -> Linear, log_softmax over the vocabulary, the hidden state carried.
import torch
import torch.nn as nn


class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers, dropout=0.5):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp, padding_idx=0)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        self.nhid = nhid
        self.nlayers = nlayers

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output)
        decoded = decoded.view(-1, decoded.size(-1))
        return torch.log_softmax(decoded, dim=1), hidden


model = RNNModel(50, 16, 32, 2)
hidden = (torch.zeros(2, 4, 32), torch.zeros(2, 4, 32))
out, h = model(torch.randint(0, 50, (7, 4)), hidden)
