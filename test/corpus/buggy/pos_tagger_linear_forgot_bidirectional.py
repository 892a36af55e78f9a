# Buggy variant of ok/bilstm_pos_tagger.py: hidden2tag takes hidden_dim features but a bidirectional LSTM emits 2 * hidden_dim.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
import torch.nn as nn
import torch.nn.functional as F


class LSTMTagger(nn.Module):

    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, bidirectional=True)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))  # error: RL401
        # fix: Change in_features to 12 -> self.hidden2tag = nn.Linear(12, tagset_size)
        tag_scores = F.log_softmax(tag_space, dim=1)
        return tag_scores


if __name__ == "__main__":
    EMBEDDING_DIM = 6
    HIDDEN_DIM = 6
    model = LSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, 9, 3)
    sentence = torch.tensor([0, 1, 2, 3, 4], dtype=torch.long)
    tag_scores = model(sentence)
