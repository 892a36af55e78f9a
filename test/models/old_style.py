# Pre-0.4 PyTorch style as old repositories still have it: torch.autograd.Variable around every tensor,
# init_hidden with autograd.Variable(torch.zeros(...)), .data to reach the tensor, F.softmax without a
# dim (the implicit dim: 1 for a 2-D input), F.tanh / F.sigmoid, and an LSTM fed view(len(x), 1, -1).
import torch
import torch.autograd as autograd
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Variable


class LSTMClassifier(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size, label_size):
        super(LSTMClassifier, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.hidden2label = nn.Linear(hidden_dim, label_size)
        self.gate = nn.Linear(hidden_dim, hidden_dim)
        self.hidden = self.init_hidden()

    def init_hidden(self):
        return (autograd.Variable(torch.zeros(1, 1, self.hidden_dim)),
                autograd.Variable(torch.zeros(1, 1, self.hidden_dim)))

    def forward(self, sentence):
        self.hidden = self.init_hidden()
        embeds = self.word_embeddings(sentence)
        x = embeds.view(len(sentence), 1, -1)
        lstm_out, self.hidden = self.lstm(x, self.hidden)
        last = lstm_out[-1]
        g = F.sigmoid(self.gate(last)) * F.tanh(last)
        y = self.hidden2label(g)
        probs = F.softmax(y)
        log_probs = F.log_softmax(y)
        return probs, log_probs, self.hidden[0].data


model = LSTMClassifier(7, 9, 20, 4)
sentence = Variable(torch.LongTensor([2, 5, 11, 3, 19]))
probs, log_probs, h = model(sentence)
pred = probs.data.max(1)[1]
