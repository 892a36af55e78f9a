# Old word-LM training loop whose repackage_hidden (via .data) keeps the (h, c) tuple of the LSTM.
# Fixed twin of 79_repackage_hidden_data_bug.py.
import torch
import torch.nn as nn
from torch.autograd import Variable

ntokens, nhid, nlayers, bsz, bptt = 40, 10, 2, 3, 5
encoder = nn.Embedding(ntokens, nhid)
rnn = nn.LSTM(nhid, nhid, nlayers)
decoder = nn.Linear(nhid, ntokens)


def repackage_hidden(h):
    return tuple(Variable(v.data) for v in h)


train_data = torch.randint(0, ntokens, (16, bsz))
#^ (16, 3)
hidden = (Variable(torch.zeros(nlayers, bsz, nhid)), Variable(torch.zeros(nlayers, bsz, nhid)))
for i in range(0, train_data.size(0) - 1, bptt):
    seq_len = min(bptt, len(train_data) - 1 - i)
    data = Variable(train_data[i:i + seq_len])
    hidden = repackage_hidden(hidden)
    output, hidden = rnn(encoder(data), hidden)
    #^ (seq_len, 3, 10)
    logits = decoder(output.view(-1, nhid))
    #^ (seq_len*3, 40)
