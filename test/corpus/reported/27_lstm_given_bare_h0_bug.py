# Old-style LSTM language model (Variable, .cuda() behind a flag) that passes only h0 to the LSTM; an LSTM
# takes the tuple (h0, c0) (RL206).
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
output, hidden = rnn(emb, h0)  # error: RL206
decoded = decoder(output.view(output.size(0) * output.size(1), output.size(2)))
