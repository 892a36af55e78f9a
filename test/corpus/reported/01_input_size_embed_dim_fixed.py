# Sentiment classifier: Embedding(vocab, embed_dim) feeds an LSTM whose input_size is embed_dim.
# Fixed twin of 01_input_size_embed_dim_bug.py.
import torch
import torch.nn as nn

VOCAB = 50
EMBED_DIM = 12
HIDDEN_DIM = 16


class SentimentLSTM(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, n_classes):
        super(SentimentLSTM, self).__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, batch_first=True)
        self.fc = nn.Linear(hidden_dim, n_classes)

    def forward(self, tokens):
        embeds = self.embedding(tokens)
        lstm_out, (h_n, c_n) = self.lstm(embeds)
        return self.fc(h_n[-1])


model = SentimentLSTM(VOCAB, EMBED_DIM, HIDDEN_DIM, 2)
batch = torch.randint(0, VOCAB, (4, 9))
#^ (4, 9)
logits = model(batch)
#^ (4, 2)
probs = torch.softmax(logits, dim=1)
#^ (4, 2)
