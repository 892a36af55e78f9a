import torch.nn as nn


class Net(nn.Module):
    def __init__(self, vocab, emb, hidden, layers):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = nn.RNN(emb, hidden, num_layers=layers, batch_first=True)

    def forward(self, tokens):
        out, h_n = self.rnn(self.emb(tokens))
        #^ (6, 11, 20)
        #    ^ (3, 6, 20)
        return h_n[-1]
