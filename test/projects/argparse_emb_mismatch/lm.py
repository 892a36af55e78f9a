import torch.nn as nn


class WordLM(nn.Module):
    def __init__(self, vocab, emb, input_size, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(input_size, hidden, batch_first=True)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, tokens):
        x = self.embedding(tokens)
        #^ (12, 35, 256)
        out, _ = self.lstm(x)  # error: RL202
        return self.decoder(out)
