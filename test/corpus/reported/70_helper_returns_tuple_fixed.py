# A data helper returns (inputs, targets) for a next-character model whose GRU takes the 8-wide
# embeddings. Fixed twin of 70_helper_returns_tuple_bug.py.
import torch
import torch.nn as nn

VOCAB = 27


def get_batch(source, i, bptt=6):
    seq_len = min(bptt, len(source) - 1 - i)
    data = source[i:i + seq_len]
    target = source[i + 1:i + 1 + seq_len].reshape(-1)
    return data, target


embed = nn.Embedding(VOCAB, 8)
gru = nn.GRU(8, 16)
head = nn.Linear(16, VOCAB)

corpus = torch.randint(0, VOCAB, (40, 2))
data, targets = get_batch(corpus, 0)
#^ (6, 2)
#     ^ (12,)
emb = embed(data)
#^ (6, 2, 8)
out, h = gru(emb)
#^ (6, 2, 16)
logits = head(out).view(-1, VOCAB)
#^ (12, 27)
loss = nn.functional.cross_entropy(logits, targets)
