# Vocabulary of 10 words plus a padding id appended as len(vocab) = 10, but the Embedding was built with
# len(vocab) rows, so id 10 is out of range (proposed RL415: Embedding index out of range).
import torch
import torch.nn as nn

vocab = ["<unk>", "a", "b", "c", "d", "e", "f", "g", "h", "i"]
PAD = len(vocab)
emb = nn.Embedding(len(vocab), 8)
lstm = nn.LSTM(8, 8, batch_first=True)

batch = torch.tensor([[1, 4, 2, 7], [3, 5, PAD, PAD]])
#^ (2, 4)
x = emb(batch)  # error: RL415
out, _ = lstm(x)
