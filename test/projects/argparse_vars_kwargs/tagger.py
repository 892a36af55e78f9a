import torch.nn as nn
import torch.nn.functional as F


class BiLSTMTagger(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim, tagset_size, **unused):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim // 2, bidirectional=True)
        self.hidden2tag = nn.Linear(hidden_dim // 2 * 2, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        #^ (13, 30)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        #^ (13, 1, 24)
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        #^ (13, 9)
        return F.log_softmax(tag_space, dim=1)
