import torch
import torch.nn as nn


class LSTMClassifier(nn.Module):
    def __init__(self, batch_size, output_size, hidden_size, vocab_size, embedding_length):
        super().__init__()
        self.batch_size = batch_size
        self.hidden_size = hidden_size
        self.word_embeddings = nn.Embedding(vocab_size, embedding_length)
        self.lstm = nn.LSTM(embedding_length, hidden_size)
        self.label = nn.Linear(hidden_size, output_size)

    def forward(self, input_sentence, batch_size=None):
        input = self.word_embeddings(input_sentence).permute(1, 0, 2)
        if batch_size is None:
            h_0 = torch.zeros(1, self.batch_size, self.hidden_size)
            #^ (1, 32, 64)
        else:
            h_0 = torch.zeros(1, batch_size, self.hidden_size)
            #^ (1, 1, 64)
        output, (h_n, c_n) = self.lstm(input, (h_0, torch.zeros_like(h_0)))
        return self.label(h_n[-1])
