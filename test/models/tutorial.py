# Tutorial idioms a sample run meets: the LSTM tagger of PyTorch's "Sequence models" tutorial (len(),
# view with -1, log_softmax), init_hidden with next(self.parameters()).new_zeros, a GRU whose output is
# split with chunk, scaled dot-product attention with math.sqrt and float('-inf') masking, and
# repackage_hidden's isinstance test.
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def repackage_hidden(h):
    if isinstance(h, torch.Tensor):
        return h.detach()
    return tuple(repackage_hidden(v) for v in h)


class LSTMTagger(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.gru = nn.GRU(hidden_dim, 2 * hidden_dim, batch_first=True)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)
        self.nlayers = 1

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        return (weight.new_zeros(self.nlayers, bsz, self.hidden_dim), weight.new_zeros(self.nlayers, bsz, self.hidden_dim))

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        hidden = repackage_hidden(self.init_hidden(1))
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1), hidden)
        q, k = self.gru(lstm_out.transpose(0, 1))[0].chunk(2, dim=-1)
        scores = q @ k.transpose(1, 2) / math.sqrt(self.hidden_dim)
        causal = torch.ones(len(sentence), len(sentence)).tril() == 0
        scores = scores.masked_fill(causal, float('-inf'))
        ctx = torch.matmul(F.softmax(scores, dim=-1), lstm_out.transpose(0, 1))
        tag_space = self.hidden2tag(ctx.view(len(sentence), -1))
        tag_scores = F.log_softmax(tag_space, dim=1)
        return tag_scores


model = LSTMTagger(6, 6, 9, 3)
tag_scores = model(torch.tensor([0, 1, 2, 3, 4]))
