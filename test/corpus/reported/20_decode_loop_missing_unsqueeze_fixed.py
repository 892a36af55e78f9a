# Greedy decoding loop: the token batch (B,) is embedded and unsqueezed to (1, B, E) before the GRU.
# Fixed twin of 20_decode_loop_missing_unsqueeze_bug.py.
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
    emb = embedding(token).unsqueeze(0)
    #^ (1, 4, 12)
    out, hidden = gru(emb, hidden)
    #^ (1, 4, 20)
    logits = out_proj(out.squeeze(0))
    #^ (4, 30)
    token = logits.argmax(dim=1)
    #^ (4,)
    outputs.append(token)
result = torch.stack(outputs, dim=1)
#^ (4, 5)
