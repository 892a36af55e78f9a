# Greedy decoding loop: the token batch (B,) is embedded to (B, E) and handed to the GRU without the time
# dim; torch reads the 2-D input as unbatched and rejects the 3-D hidden state (RL203).
import torch
import torch.nn as nn

VOCAB, EMB, HID = 30, 12, 20
SOS = 1
MAX_LEN = 5

embedding = nn.Embedding(VOCAB, EMB)
gru = nn.GRU(EMB, HID)
out_proj = nn.Linear(HID, VOCAB)

batch = 4
hidden = torch.zeros(1, batch, HID)
token = torch.full((batch,), SOS, dtype=torch.long)
outputs = []
for t in range(MAX_LEN):
    emb = embedding(token)
    #^ (4, 12)
    out, hidden = gru(emb, hidden)  # error: RL203
    logits = out_proj(out.squeeze(0))
    token = logits.argmax(dim=1)
    outputs.append(token)
result = torch.stack(outputs, dim=1)
