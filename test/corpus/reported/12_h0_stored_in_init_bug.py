# Tutorial-style tagger that builds self.hidden once in __init__ for the training batch size, then tags a
# single sentence (batch 1) at inference (RL204).
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Variable


class LSTMTagger(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size, batch_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)
        self.hidden = self.init_hidden(batch_size)

    def init_hidden(self, batch_size):
        return (Variable(torch.zeros(1, batch_size, self.hidden_dim)),
                Variable(torch.zeros(1, batch_size, self.hidden_dim)))

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, self.hidden = self.lstm(embeds, self.hidden)  # error: RL204
        tag_space = self.hidden2tag(lstm_out)
        return F.log_softmax(tag_space, dim=2)


model = LSTMTagger(6, 8, 20, 5, batch_size=4)
train_batch = torch.randint(0, 20, (7, 4))
model.hidden = model.init_hidden(4)
scores = model(train_batch)
#^ (7, 4, 5)
sentence = torch.tensor([[2], [5], [9]])
#^ (3, 1)
with torch.no_grad():
    tag_scores = model(sentence)
    best = tag_scores.argmax(dim=2)
