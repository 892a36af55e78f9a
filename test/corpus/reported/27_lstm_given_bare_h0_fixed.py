# Old-style LSTM language model (Variable, .cuda() behind a flag) that passes the tuple (h0, c0).
# Fixed twin of 27_lstm_given_bare_h0_bug.py.
import torch
import torch.nn as nn
from torch.autograd import Variable

cuda = False
ntokens, ninp, nhid = 60, 14, 14
encoder = nn.Embedding(ntokens, ninp)
rnn = nn.LSTM(ninp, nhid, 1)
decoder = nn.Linear(nhid, ntokens)

data = Variable(torch.LongTensor(9, 3).random_(0, ntokens))
#^ (9, 3)
h0 = Variable(torch.zeros(1, 3, nhid))
c0 = Variable(torch.zeros(1, 3, nhid))
if cuda:
    h0, c0 = h0.cuda(), c0.cuda()
emb = encoder(data)
#^ (9, 3, 14)
output, hidden = rnn(emb, (h0, c0))
#^ (9, 3, 14)
decoded = decoder(output.view(output.size(0) * output.size(1), output.size(2)))
#^ (27, 60)
