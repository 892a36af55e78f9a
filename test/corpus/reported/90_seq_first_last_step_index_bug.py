# Seq-first LSTM classifier that takes the last step with out[:, -1, :] (batch-first indexing): that picks
# the last batch element of every step, (T, H), and the loss sees T rows for B labels (proposed RL412).
import torch
import torch.nn as nn


class LSTMClassifier(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size, label_size):
        super(LSTMClassifier, self).__init__()
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.hidden2label = nn.Linear(hidden_dim, label_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds)
        last = lstm_out[:, -1, :]
        return self.hidden2label(last)


model = LSTMClassifier(10, 12, 80, 3)
loss_function = nn.CrossEntropyLoss()
sentence = torch.randint(0, 80, (9, 4))
label = torch.randint(0, 3, (4,))
#^ (4,)
pred = model(sentence)
#^ (9, 3)
loss = loss_function(pred, label)  # error: RL412
