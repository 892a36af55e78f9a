# batch_first LSTM decoder stepped one token at a time: the (B, E) embedding of the current tokens is
# passed without unsqueeze(1), so torch sees unbatched input with 3-D (h, c) (RL203).
import torch
import torch.nn as nn


class Decoder(nn.Module):
    def __init__(self, vocab=25, emb=8, hid=16):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hid, batch_first=True)
        self.fc = nn.Linear(hid, vocab)

    def step(self, tokens, state):
        x = self.emb(tokens)
        #^ (3, 8)
        out, state = self.lstm(x, state)  # error: RL203
        return self.fc(out[:, 0]), state


dec = Decoder()
B = 3
state = (torch.zeros(1, B, 16), torch.zeros(1, B, 16))
tokens = torch.zeros(B, dtype=torch.long)
for _ in range(4):
    logits, state = dec.step(tokens, state)
    tokens = logits.argmax(-1)
