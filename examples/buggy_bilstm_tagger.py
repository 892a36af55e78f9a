# Example for `rnnlens check`: a bi-LSTM part-of-speech tagger with three bugs people really make, each
# marked `# error:`. torch stops at the first one it runs into; fix it and it stops at the next (verified with 1.13).
import torch
import torch.nn as nn
import torch.nn.functional as F


class BiLSTMTagger(nn.Module):
    def __init__(self, vocab_size, n_tags, embed_dim=64, hidden_dim=100, num_layers=2):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.num_layers = num_layers
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers, batch_first=True, bidirectional=True)
        self.hidden2tag = nn.Linear(hidden_dim, n_tags)

    def forward(self, sentences):
        batch_size = sentences.size(0)
        h0 = torch.zeros(self.num_layers, batch_size, self.hidden_dim)
        c0 = torch.zeros(self.num_layers, batch_size, self.hidden_dim)
        embeds = self.embedding(sentences)
        lstm_out, _ = self.lstm(embeds, (h0, c0))  # error: RL204
        tag_space = self.hidden2tag(lstm_out)  # error: RL401
        return F.log_softmax(tag_space, dim=-1)


if __name__ == "__main__":
    tagger = BiLSTMTagger(vocab_size=5000, n_tags=17)
    sentences = torch.randint(0, 5000, (8, 30))
    tag_scores = tagger(sentences)
    predicted = tag_scores.argmax(dim=3)  # error: RL406
    print(predicted.shape)
