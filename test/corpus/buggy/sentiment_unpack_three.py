# Buggy variant of ok/sentiment_lstm_classifier.py: LSTM returns (output, (h_n, c_n)), two values, not three.
# torch raises on the line marked `# error:` (verified under torch 1.13).
import torch
from torch import nn


class SentimentLSTM(nn.Module):
    def __init__(self, vocab_size, embedding_dim, hidden_dim, output_dim, n_layers=2, drop_prob=0.5):
        super().__init__()
        self.n_layers = n_layers
        self.hidden_dim = hidden_dim
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, n_layers, dropout=drop_prob, batch_first=True)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(hidden_dim, output_dim)
        self.sig = nn.Sigmoid()

    def forward(self, x):
        batch_size = x.size(0)
        embeds = self.embedding(x)
        lstm_out, hidden, cell = self.lstm(embeds)  # error: RL301
        # fix: Unpack as lstm_out, (hidden, cell) -> lstm_out, (hidden, cell) = self.lstm(embeds)
        lstm_out = lstm_out.contiguous().view(-1, self.hidden_dim)
        out = self.dropout(lstm_out)
        out = self.fc(out)
        sig_out = self.sig(out)
        sig_out = sig_out.view(batch_size, -1)
        sig_out = sig_out[:, -1]
        return sig_out, hidden


if __name__ == "__main__":
    model = SentimentLSTM(1000, 64, 32, 1)
    tokens = torch.randint(0, 1000, (4, 25))
    probs, (h, c) = model(tokens)
