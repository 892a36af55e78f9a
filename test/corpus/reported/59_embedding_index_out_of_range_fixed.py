# Vocabulary of 10 words plus a padding id 10: the Embedding has len(vocab) + 1 rows.
# Fixed twin of 59_embedding_index_out_of_range_bug.py.
import torch
import torch.nn as nn

vocab = ["<unk>", "a", "b", "c", "d", "e", "f", "g", "h", "i"]
PAD = len(vocab)
emb = nn.Embedding(len(vocab) + 1, 8, padding_idx=PAD)
lstm = nn.LSTM(8, 8, batch_first=True)

batch = torch.tensor([[1, 4, 2, 7], [3, 5, PAD, PAD]])
#^ (2, 4)
x = emb(batch)
#^ (2, 4, 8)
out, _ = lstm(x)
#^ (2, 4, 8)
