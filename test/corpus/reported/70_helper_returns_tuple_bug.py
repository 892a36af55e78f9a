# A data helper returns (inputs, targets) for a next-character model; the GRU was built with the
# vocabulary size as input_size but is fed 8-wide embeddings (RL202).
import torch
import torch.nn as nn

VOCAB = 27


def get_batch(source, i, bptt=6):
    seq_len = min(bptt, len(source) - 1 - i)
    data = source[i:i + seq_len]
    target = source[i + 1:i + 1 + seq_len].reshape(-1)
    return data, target


embed = nn.Embedding(VOCAB, 8)
gru = nn.GRU(VOCAB, 16)
head = nn.Linear(16, VOCAB)

corpus = torch.randint(0, VOCAB, (40, 2))
data, targets = get_batch(corpus, 0)
#^ (6, 2)
#     ^ (12,)
emb = embed(data)
#^ (6, 2, 8)
out, h = gru(emb)  # error: RL202
logits = head(out).view(-1, VOCAB)
loss = nn.functional.cross_entropy(logits, targets)
