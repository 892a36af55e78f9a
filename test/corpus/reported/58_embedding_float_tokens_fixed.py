# Old-style data pipeline that builds the token batch with torch.LongTensor (wrapped in Variable).
# Fixed twin of 58_embedding_float_tokens_bug.py.
import torch
import torch.nn as nn
from torch.autograd import Variable

word_to_ix = {"the": 0, "dog": 1, "ate": 2, "apple": 3, "everybody": 4, "read": 5, "that": 6, "book": 7}
sentences = [["the", "dog", "ate", "the", "apple"], ["everybody", "read", "that", "book", "the"]]

embeds = nn.Embedding(len(word_to_ix), 6)
lstm = nn.LSTM(6, 6)

idxs = [[word_to_ix[w] for w in s] for s in sentences]
inputs = Variable(torch.LongTensor(idxs)).t()
#^ (5, 2)
vectors = embeds(inputs)
#^ (5, 2, 6)
lstm_out, (h, c) = lstm(vectors)
#^ (5, 2, 6)
