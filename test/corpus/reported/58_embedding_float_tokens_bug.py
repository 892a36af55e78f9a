# Old-style data pipeline that builds the token batch with torch.FloatTensor (wrapped in Variable); an
# Embedding needs integer indices (RL402).
import torch
import torch.nn as nn
from torch.autograd import Variable

word_to_ix = {"the": 0, "dog": 1, "ate": 2, "apple": 3, "everybody": 4, "read": 5, "that": 6, "book": 7}
sentences = [["the", "dog", "ate", "the", "apple"], ["everybody", "read", "that", "book", "the"]]

embeds = nn.Embedding(len(word_to_ix), 6)
lstm = nn.LSTM(6, 6)

idxs = [[word_to_ix[w] for w in s] for s in sentences]
inputs = Variable(torch.FloatTensor(idxs)).t()
#^ (5, 2)
vectors = embeds(inputs)  # error: RL402
lstm_out, (h, c) = lstm(vectors)
